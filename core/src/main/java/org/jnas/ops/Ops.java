package org.jnas.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.util.Registry;

/**
 * The registry of cell operations, by name. It holds the DARTS primitives and the NAS-Bench-201 operations out of
 * the box; {@link #register} adds your own (a space then accepts its name, a supernet mixes it, a renderer draws
 * it). Spaces check their op names here when they are built, so a typo fails at definition time.
 */
public final class Ops {
    private static final Registry<CellOp> REGISTRY = new Registry<>("operation",
            "Ops.register(name, family, factory)", SpaceDefinitionException::new);

    /** The 8 DARTS primitives, in the order of the DARTS paper's code. */
    public static final List<String> DARTS_PRIMITIVES = List.of("none", "max_pool_3x3", "avg_pool_3x3",
            "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5");
    /** The 5 NAS-Bench-201 operations, in the benchmark's order. */
    public static final List<String> NASBENCH201_OPS = List.of("none", "skip_connect", "nor_conv_1x1",
            "nor_conv_3x3", "avg_pool_3x3");

    static {
        register("none", OpFamily.NONE, (c, s, a) -> zero(s));
        register("skip_connect", OpFamily.SKIP, (c, s, a) -> s == 1 ? identity() : factorizedReduce(c, c, a));
        // feature maps kept for backward, per output size: pooling's int64 indices and BatchNorm output; the
        // input's ReLU shared by the DARTS convolutions of an edge counts about a quarter each
        register("max_pool_3x3", OpFamily.POOL, 4, (c, s, a) -> new SequentialBlock()
                .add(Pool.maxPool2dBlock(new Shape(3, 3), new Shape(s, s), new Shape(1, 1)))
                .add(batchNorm(a)));
        register("avg_pool_3x3", OpFamily.POOL, 2, (c, s, a) -> new SequentialBlock()
                .add(Pool.avgPool2dBlock(new Shape(3, 3), new Shape(s, s), new Shape(1, 1), false, false))
                .add(batchNorm(a)));
        register("sep_conv_3x3", OpFamily.CONV, 7.25, (c, s, a) -> sepConv(c, 3, s, 1, a));
        register("sep_conv_5x5", OpFamily.CONV, 7.25, (c, s, a) -> sepConv(c, 5, s, 2, a));
        register("dil_conv_3x3", OpFamily.CONV, 3.25, (c, s, a) -> dilConv(c, 3, s, 2, 2, a));
        register("dil_conv_5x5", OpFamily.CONV, 3.25, (c, s, a) -> dilConv(c, 5, s, 4, 2, a));
        register("nor_conv_1x1", OpFamily.CONV, 3, (c, s, a) -> reluConvBn(c, c, 1, s, 0, 1, 1, a));
        register("nor_conv_3x3", OpFamily.CONV, 3, (c, s, a) -> reluConvBn(c, c, 3, s, 1, 1, 1, a));
    }

    private Ops() {
    }

    /**
     * Adds (or replaces) an operation; its name becomes valid in every cell space. The checklist is on
     * {@link CellOp}.
     */
    public static void register(String name, OpFamily family, CellOp.Factory factory) {
        REGISTRY.register(name, new CellOp(name, family, factory));
    }

    /** As {@link #register(String, OpFamily, CellOp.Factory)}, with the op's {@link CellOp#activationMaps()}. */
    public static void register(String name, OpFamily family, double activationMaps, CellOp.Factory factory) {
        REGISTRY.register(name, new CellOp(name, family, activationMaps, factory));
    }

    /** The op named {@code name}, or a {@link SpaceDefinitionException} listing the known names and how to add one. */
    public static CellOp get(String name) {
        return REGISTRY.get(name);
    }

    public static boolean isKnown(String name) {
        return REGISTRY.contains(name);
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return REGISTRY.names();
    }

    public static OpFamily family(String name) {
        return get(name).family();
    }

    /** Checks every name, failing on the first unknown one. */
    public static void requireKnown(List<String> names) {
        for (String n : names) {
            get(n);
        }
    }

    // ---- building blocks, shared by cell ops, cell preprocessing and the DARTS supernet ----

    public static Block identity() {
        return new LambdaBlock(x -> x, "identity");
    }

    /** Zeros of the output shape; with stride 2 it subsamples first, as DARTS' Zero op does. */
    public static Block zero(int stride) {
        return new LambdaBlock(x -> {
            NDArray in = x.singletonOrThrow();
            NDArray sub = stride == 1 ? in : in.get(":, :, ::" + stride + ", ::" + stride);
            return new NDList(sub.zerosLike());
        }, "zero");
    }

    public static BatchNorm batchNorm(boolean affine) {
        return BatchNorm.builder().optCenter(affine).optScale(affine).build();
    }

    /**
     * A 2-D convolution without bias; a {@link org.jnas.eval.djl.GuardedConv2d}, so that it is right on CPUs where
     * oneDNN is right only for some channel counts (see {@link org.jnas.eval.djl.ConvolutionGuard}). Custom ops
     * build their convolutions here.
     */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, int dilation, int groups) {
        return org.jnas.eval.djl.GuardedConv2d.of(Conv2d.builder().setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride)).optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation)).optGroups(groups).optBias(false));
    }

    /** ReLU, convolution, BatchNorm: NAS-Bench-201's nor_conv and DARTS's preprocessing. */
    public static Block reluConvBn(int in, int out, int kernel, int stride, int padding, int dilation, int groups,
                                   boolean affine) {
        return new SequentialBlock().add(Activation.reluBlock())
                .add(conv(out, kernel, stride, padding, dilation, groups)).add(batchNorm(affine));
    }

    /** DARTS separable convolution: (ReLU, depthwise, pointwise, BN) twice, the stride on the first. */
    public static Block sepConv(int c, int kernel, int stride, int padding, boolean affine) {
        return new SequentialBlock()
                .add(Activation.reluBlock()).add(conv(c, kernel, stride, padding, 1, c)).add(conv(c, 1, 1, 0, 1, 1))
                .add(batchNorm(affine))
                .add(Activation.reluBlock()).add(conv(c, kernel, 1, padding, 1, c)).add(conv(c, 1, 1, 0, 1, 1))
                .add(batchNorm(affine));
    }

    /** DARTS dilated convolution: ReLU, dilated depthwise, pointwise, BN. */
    public static Block dilConv(int c, int kernel, int stride, int padding, int dilation, boolean affine) {
        return new SequentialBlock().add(Activation.reluBlock())
                .add(conv(c, kernel, stride, padding, dilation, c)).add(conv(c, 1, 1, 0, 1, 1))
                .add(batchNorm(affine));
    }

    /**
     * Halves the resolution without losing every other pixel: two stride-2 1x1 convolutions, the second on the
     * input shifted by one pixel, concatenated (DARTS' FactorizedReduce). Odd sizes are padded so both halves agree.
     */
    public static Block factorizedReduce(int in, int out, boolean affine) {
        Block shifted = new SequentialBlock().add(new LambdaBlock(x -> {
            NDArray a = x.singletonOrThrow();
            long h = a.getShape().get(2);
            long w = a.getShape().get(3);
            NDArray s = a.get(":, :, 1:, 1:");
            if (h % 2 == 1 || w % 2 == 1) {
                // pad right/bottom so that ceil(h/2) matches the unshifted branch
                s = s.concat(s.zerosLike().get(":, :, :1, :"), 2).concat(
                        a.zerosLike().get(":, :, :" + h + ", :1"), 3);
            }
            return new NDList(s);
        }, "shift")).add(conv(out - out / 2, 1, 2, 0, 1, 1));
        return new SequentialBlock().add(Activation.reluBlock())
                .add(new ParallelBlock(list -> new NDList(
                        list.get(0).singletonOrThrow().concat(list.get(1).singletonOrThrow(), 1)),
                        List.of(conv(out / 2, 1, 2, 0, 1, 1), shifted)))
                .add(batchNorm(affine));
    }
}
