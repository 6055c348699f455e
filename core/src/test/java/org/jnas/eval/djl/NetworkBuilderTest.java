package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.jnas.Jnas;
import org.jnas.space.Architecture;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.Choice;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

class NetworkBuilderTest {

    private static long[] outputShape(Block net, Shape in) {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            net.initialize(m, DataType.FLOAT32, in);
            return net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true)
                    .singletonOrThrow().getShape().getShape();
        }
    }

    private static void everySampleBuilds(SearchSpace space, NetworkBuilder builder, int samples) {
        Random rng = new Random(7);
        for (int i = 0; i < samples; i++) {
            Architecture arch = space.freeze(space.sample(rng));
            assertArrayEquals(new long[] {2, builder.classes()}, outputShape(builder.build(arch),
                    builder.inputShape(2)), space.name() + ": " + arch);
        }
    }

    @Test
    void readyMadeCellSpacesBuildAndRunOnFashionMnistShapes() {
        Jnas.init();
        var builder = new NetworkBuilder().channels(8);
        everySampleBuilds(Spaces.nasBench201(), builder, 3);
        everySampleBuilds(Spaces.darts(), builder.cells(3), 2);
    }

    @Test
    void chainSpaceCoversEveryBlockTypeWithItsOwnClassCountAndInputShape() {
        Jnas.init();
        var builder = new NetworkBuilder().input(3, 32, 32).classes(5);
        everySampleBuilds(Spaces.mobile(), builder, 4);
        for (String op : new String[] {"conv", "dwsep", "mbconv"}) {
            var arch = new ChainArchitecture(org.jnas.space.Sample.of(java.util.Map.of()), 8, java.util.List.of(
                    new ChainArchitecture.Block(op, 8, 3, 1, op.equals("mbconv") ? 3 : 1),
                    new ChainArchitecture.Block(op, 16, 5, 2, op.equals("mbconv") ? 6 : 1)));
            assertArrayEquals(new long[] {2, 5}, outputShape(builder.build(arch), builder.inputShape(2)), op);
        }
    }

    @Test
    void costsWithoutTrainingAgreeWithCostsOfTheBuiltNetwork() {
        Jnas.init();
        var builder = new NetworkBuilder();
        var space = Spaces.mobile();
        var small = space.freeze(space.sampleOf(1, 16, 3, "dwsep", 3, 1, 32, 3, "dwsep", 3, 1, 64, 3, "dwsep", 3));
        var big = space.freeze(space.sampleOf(2, 24, 5, "mbconv", 6, 2, 48, 5, "mbconv", 6, 2, 96, 5, "mbconv", 6));
        var cs = builder.costs(small, org.jnas.eval.cost.Latency.defaults());
        var cb = builder.costs(big, org.jnas.eval.cost.Latency.defaults());
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = builder.build(small);
            b.initialize(m, DataType.FLOAT32, builder.inputShape(1));
            assertEquals((double) org.jnas.eval.cost.Costs.parameters(b), cs.get("params"));
            assertEquals((double) org.jnas.eval.cost.Costs.macs(b), cs.get("flops"));
        }
        assertTrue(cb.get("flops") > 5 * cs.get("flops"), cs + " vs " + cb);
        assertTrue(cs.get("latency_ms") > 0 && cb.get("latency_ms") > cs.get("latency_ms"), cs + " vs " + cb);
        assertTrue(builder.costs(small, null).keySet().equals(java.util.Set.of("params", "flops", "peak_memory_mb")));
    }

    @Test
    void choiceSpaceUsesTheUsersFunctionAndSaysWhenItIsMissing() {
        Jnas.init();
        var space = ChoiceSpace.of("mlp", Choice.of("units", 32, 64), Choice.of("layers", 1, 2));
        var arch = space.freeze(space.sampleOf(32, 2));
        var missing = assertThrows(IllegalStateException.class, () -> new NetworkBuilder().build(arch));
        assertTrue(missing.getMessage().contains("choiceNetwork"), missing.getMessage());

        var builder = new NetworkBuilder().choiceNetwork((a, input, classes) -> {
            var net = new SequentialBlock().add(Blocks.batchFlattenBlock());
            for (int i = 0; i < a.sample().getInt("layers"); i++) {
                net.add(Linear.builder().setUnits(a.sample().getInt("units")).build()).add(Activation.reluBlock());
            }
            return net.add(Linear.builder().setUnits(classes).build());
        });
        assertArrayEquals(new long[] {2, 10}, outputShape(builder.build(arch), builder.inputShape(2)));
    }

    @Test
    void badOptionsSayWhatToChange() {
        var e = assertThrows(IllegalArgumentException.class, () -> new NetworkBuilder().classes(1));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NetworkBuilder().input(0, 28, 28));
    }

    @Test
    void invertedResidualAddsItsInputOnlyWhenShapesMatch() {
        Jnas.init();
        assertEquals(ai.djl.nn.ParallelBlock.class, ChainNetwork.invertedResidual(8, 8, 3, 1, 3).getClass());
        assertEquals(SequentialBlock.class, ChainNetwork.invertedResidual(8, 16, 3, 1, 3).getClass());
        assertEquals(SequentialBlock.class, ChainNetwork.invertedResidual(8, 8, 3, 2, 3).getClass());
    }
}
