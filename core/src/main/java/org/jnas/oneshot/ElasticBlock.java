package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;

/**
 * The elastic (sliced) form of a chain block type inside the {@link ChainSupernet}: one block position of a stage,
 * built once at the stage's largest width, kernel and expansion, that runs any smaller candidate by slicing its
 * layers. A chain block type that has one ({@link org.jnas.ops.ChainBlock#elastic()}) can be searched with one-shot
 * evaluation; one that has none is refused by name before training.
 *
 * <h2>Giving your chain block an elastic form</h2>
 * <ol>
 *   <li>Write a {@link Factory}: create the block's layers at the largest sizes it is given, through
 *       {@link Layers#conv} and {@link Layers#norm}, and keep them in the {@code ElasticBlock} you return. The
 *       supernet calls it once per block position (with {@code first} true for a stage's first block, the only one
 *       whose input width or stride can differ from its output), and once more with layers that only count
 *       weights, for the memory check before training: create the same layers in both cases.</li>
 *   <li>{@link #forward}: run the candidate's {@link Slice} with {@link SlicedConv#forward} and
 *       {@link SlicedNorm#forward} plus DJL's functional ops (activations, additions). It must compute exactly what
 *       your stand-alone block (the {@link org.jnas.ops.ChainBlock.Factory}) computes with the same weights.</li>
 *   <li>{@link #uses}: name the layers {@code forward} runs for a slice, with the slice of each, in the order the
 *       stand-alone block lists its parameters ({@code block.getParameters()}). Copying weights into a stand-alone
 *       network relies on that order and checks every name and shape.</li>
 *   <li>Register it with the block: {@code ChainBlocks.register(new ChainBlock("ghost", ...).withElastic((layers,
 *       largest, first) -> ...))}.</li>
 *   <li>Test it like {@code ChainSupernetTest.aUserBlockWithAnElasticFormIsSearchedOneShot}: a candidate's output
 *       through the supernet equals its stand-alone network's with the inherited weights.</li>
 * </ol>
 * The built-in forms ({@code conv}, {@code dwsep}, {@code mbconv}, {@code resblock}) are in {@link ElasticBlocks}.
 */
public interface ElasticBlock {

    /** Runs the candidate's slice of this block on {@code x}, in training or inference mode. */
    NDArray forward(NDArray x, Slice slice, boolean training);

    /** Names the layers {@link #forward} runs for {@code slice}, in the stand-alone block's parameter order. */
    void uses(Slice slice, Uses uses);

    /**
     * What a candidate runs of one block position: its input and output widths, kernel, stride and expansion ratio
     * (1 for block types that do not use one). The factory gets the largest slice of its position.
     */
    record Slice(int in, int out, int kernel, int stride, int expansion) {
    }

    /** Builds the elastic form of one block position. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param layers  creates the block's layers (named under the block's position)
         * @param largest the largest slice of this position: every candidate's slice fits in it
         * @param first   whether this is the stage's first block (the only one whose in, out and stride differ)
         */
        ElasticBlock create(Layers layers, Slice largest, boolean first);
    }

    /** Creates the sliced layers of a block at their largest sizes. */
    interface Layers {
        /**
         * A convolution of {@code out x in x kernel x kernel} weights, no bias, He-normal; depthwise: one group per
         * channel ({@code in} is then {@code out}'s count and the weight is {@code out x 1 x k x k}).
         */
        SlicedConv conv(String name, int out, int in, int kernel, boolean depthwise);

        /** A BatchNorm over {@code channels} (scale 1, shift 0, running mean 0, variance 1). */
        SlicedNorm norm(String name, int channels);
    }

    /** Receives the layers a slice runs (see {@link #uses}). */
    interface Uses {
        /** The first {@code out} x {@code in} channels and the centre {@code kernel x kernel} of {@code conv}. */
        void conv(SlicedConv conv, int out, int in, int kernel);

        /** The first {@code channels} channels of {@code norm}: scale, shift and running statistics. */
        void norm(SlicedNorm norm, int channels);
    }
}
