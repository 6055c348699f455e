package org.jnas.eval.djl;

import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.jnas.ops.ChainBlocks;
import org.jnas.ops.Ops;
import org.jnas.space.ChainArchitecture;

/**
 * Turns a {@link ChainArchitecture} into a DJL network: stem 3x3 conv-BN-ReLU, the blocks in order, global average
 * pooling, linear. The built-in block types are public factories here (registered in {@link ChainBlocks}), so that
 * cost tests and users can build one alone.
 */
public final class ChainNetwork {
    private ChainNetwork() {
    }

    /** The whole network for {@code classes} outputs. */
    public static Block build(ChainArchitecture arch, int classes) {
        var net = new SequentialBlock();
        net.add(convBnRelu(arch.stem(), 3, 1));
        int channels = arch.stem();
        for (ChainArchitecture.Block b : arch.blocks()) {
            net.add(block(b, channels));
            channels = b.width();
        }
        net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
        net.add(Linear.builder().setUnits(classes).build());
        return net;
    }

    /** One chain block reading {@code in} channels, built by its registered type ({@link ChainBlocks}). */
    public static Block block(ChainArchitecture.Block b, int in) {
        return ChainBlocks.get(b.op()).create(in, b.width(), b.kernel(), b.stride(), b.expansion());
    }

    /** Plain convolution: kxk conv (same padding), BN, ReLU. */
    public static Block convBnRelu(int out, int kernel, int stride) {
        return new SequentialBlock().add(Ops.conv(out, kernel, stride, kernel / 2, 1, 1)).add(Ops.batchNorm(true))
                .add(Activation.reluBlock());
    }

    /** Depthwise-separable (MobileNetV1): depthwise kxk, BN, ReLU, pointwise 1x1, BN, ReLU. */
    public static Block depthwiseSeparable(int in, int out, int kernel, int stride) {
        return new SequentialBlock()
                .add(Ops.conv(in, kernel, stride, kernel / 2, 1, in)).add(Ops.batchNorm(true))
                .add(Activation.reluBlock())
                .add(Ops.conv(out, 1, 1, 0, 1, 1)).add(Ops.batchNorm(true)).add(Activation.reluBlock());
    }

    /**
     * MobileNetV2 inverted residual: 1x1 expansion to {@code in*expansion} (skipped when the ratio is 1), BN,
     * ReLU6; depthwise kxk, BN, ReLU6; 1x1 linear projection, BN; plus the input when stride is 1 and the widths
     * match.
     */
    public static Block invertedResidual(int in, int out, int kernel, int stride, int expansion) {
        int hidden = in * expansion;
        var main = new SequentialBlock();
        if (expansion != 1) {
            main.add(Ops.conv(hidden, 1, 1, 0, 1, 1)).add(Ops.batchNorm(true)).add(Activation.relu6Block());
        }
        main.add(Ops.conv(hidden, kernel, stride, kernel / 2, 1, hidden)).add(Ops.batchNorm(true))
                .add(Activation.relu6Block())
                .add(Ops.conv(out, 1, 1, 0, 1, 1)).add(Ops.batchNorm(true));
        if (stride != 1 || in != out) {
            return main;
        }
        return new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                List.of(main, Ops.identity()));
    }

    /**
     * ResNet basic block (He et al. 2016): kxk conv (stride), BN, ReLU, kxk conv, BN; plus the input, or a 1x1
     * conv-BN projection of it (He et al.'s option B) when the stride or the width changes; then ReLU.
     */
    public static Block basicResidual(int in, int out, int kernel, int stride) {
        var main = new SequentialBlock()
                .add(Ops.conv(out, kernel, stride, kernel / 2, 1, 1)).add(Ops.batchNorm(true))
                .add(Activation.reluBlock())
                .add(Ops.conv(out, kernel, 1, kernel / 2, 1, 1)).add(Ops.batchNorm(true));
        Block shortcut = stride == 1 && in == out ? Ops.identity()
                : new SequentialBlock().add(Ops.conv(out, 1, stride, 0, 1, 1)).add(Ops.batchNorm(true));
        return new SequentialBlock()
                .add(new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                        List.of(main, shortcut)))
                .add(Activation.reluBlock());
    }
}
