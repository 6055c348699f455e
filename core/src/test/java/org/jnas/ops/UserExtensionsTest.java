package org.jnas.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.stream.Collectors;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.Pictures;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.CellArchitecture;
import org.jnas.space.CellSpace;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.ChainSpace;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Test;

/**
 * What a user does in a notebook cell to add a cell op and a chain block: one registration each, then spaces,
 * real training, costs and pictures use them, and no other file of jnas had to change.
 */
class UserExtensionsTest {

    @Test
    void aRegisteredCellOpAndChainBlockAreSearchedWithRealTraining() {
        // a cell op: ReLU, 5x5 convolution, BatchNorm (not among the built-in ops)
        Ops.register("user_conv_5x5", OpFamily.CONV,
                (c, stride, affine) -> Ops.reluConvBn(c, c, 5, stride, 2, 1, 1, affine));
        // a chain block: two stacked 3x3-style conv-BN-ReLU layers of the stage's kernel
        ChainBlocks.register(new ChainBlock("double_conv", "double_conv: two conv-BN-ReLU", false, null,
                (in, out, k, s, e) -> new SequentialBlock()
                        .add(Ops.conv(out, k, s, k / 2, 1, 1)).add(Ops.batchNorm(true)).add(Activation.reluBlock())
                        .add(Ops.conv(out, k, 1, k / 2, 1, 1)).add(Ops.batchNorm(true)).add(Activation.reluBlock())));

        var cells = CellSpace.builder("mine").inputs(1).nodes(2).ops("skip_connect", "user_conv_5x5").build();
        var chain = ChainSpace.builder("mine-chain").stem(8)
                .stage(s -> s.depths(1).widths(8, 16).kernels(3).ops("conv", "double_conv").stride(2)).build();
        var data = Datasets.fashionMnist();
        var evaluator = Evaluators.train(data).network(new NetworkBuilder().channels(8)).epochs(1).batchSize(64)
                .trainLimit(600).validationLimit(200).devices(Device.cpu()).latency(null).build();

        for (var space : List.of(cells, chain)) {
            var result = Search.of(space).strategy(Strategies.random()).evaluator(evaluator)
                    .objectives(Objective.maximize("accuracy")).budget(Budget.trials(4)).seed(7).run();
            assertTrue(result.trials().stream().allMatch(t -> t.ok()), space.name() + ": " + result.summary());
            // the user's op/block was among the trained candidates
            String all = result.trials().stream().map(t -> t.sample().toString()).collect(Collectors.joining(" "));
            String mine = space == cells ? "user_conv_5x5" : "double_conv";
            assertTrue(all.contains(mine), space.name() + " never tried " + mine + ": " + all);
        }

        // the user's op in a cell and the user's block in a chain: counted, drawn
        CellArchitecture cell = cells.freeze(cells.sampleOf("user_conv_5x5", "user_conv_5x5", "user_conv_5x5"));
        ChainArchitecture twice = chain.freeze(chain.sampleOf(16, "double_conv"));
        var builder = new NetworkBuilder().channels(8);
        assertTrue(builder.costs(cell, null).get("params") > builder.costs(
                cells.freeze(cells.sampleOf("skip_connect", "skip_connect", "skip_connect")), null).get("params"));
        // double_conv is conv plus a second 16->16 3x3 convolution (no bias) and its BatchNorm (scale, shift)
        assertEquals(9 * 16 * 16 + 2 * 16, builder.costs(twice, null).get("params")
                - builder.costs(chain.freeze(chain.sampleOf(16, "conv")), null).get("params"), 0.5);
        assertTrue(Pictures.of(twice).describe().contains("double_conv"), Pictures.of(twice).describe());
        assertTrue(Pictures.of(cell).describe().contains("user_conv_5x5"), Pictures.of(cell).describe());
    }

    @Test
    void anUnknownOpOrBlockFailsAtDefinitionNamingWhatExistsAndHowToAddOne() {
        var op = assertThrows(SpaceDefinitionException.class,
                () -> CellSpace.builder("typo").inputs(1).nodes(2).ops("nor_conv_3x4").build());
        assertTrue(op.getMessage().contains("unknown operation 'nor_conv_3x4'")
                && op.getMessage().contains("nor_conv_3x3") && op.getMessage().contains("Ops.register"), op.getMessage());
        var block = assertThrows(SpaceDefinitionException.class,
                () -> ChainSpace.builder("typo").stage(s -> s.widths(8).ops("mbconv2")).build());
        assertTrue(block.getMessage().contains("unknown chain block type 'mbconv2'")
                && block.getMessage().contains("mbconv") && block.getMessage().contains("ChainBlocks.register"),
                block.getMessage());
    }
}
