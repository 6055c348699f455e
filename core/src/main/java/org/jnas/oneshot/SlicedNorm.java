package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;

/**
 * A BatchNorm of the chain supernet at its largest width; a candidate uses its first {@code c} channels: scale,
 * shift and running statistics (each slice keeps its own statistics, re-estimated per candidate before scoring by
 * {@link BatchNormRecalibration}). Created through {@link ElasticBlock.Layers#norm}.
 */
public final class SlicedNorm {
    static final float MOMENTUM = 0.9f; // DJL's BatchNorm defaults, as the stand-alone networks' layers use them
    static final float EPSILON = 1e-5f;

    private final String name;
    private final int channels;
    /** All four are null in a norm that only counts weights (the memory check before training). */
    final Parameter gamma;
    final Parameter beta;
    final NDArray mean;
    final NDArray var;

    SlicedNorm(String name, int channels, Parameter gamma, Parameter beta, NDArray mean, NDArray var) {
        this.name = name;
        this.channels = channels;
        this.gamma = gamma;
        this.beta = beta;
        this.mean = mean;
        this.var = var;
    }

    /** BatchNorm over the first {@code c} channels of {@code x}; in training its slice's statistics move. */
    public NDArray forward(NDArray x, int c, boolean training) {
        if (gamma == null) {
            throw new IllegalStateException("norm " + name + " only counts weights; it has none to run");
        }
        if (c > channels) {
            throw new IllegalArgumentException("norm " + name + " has " + channels + " channels, not " + c);
        }
        NDManager m = x.getManager();
        String r = ":" + c;
        NDArray g = ChainSupernet.slice(gamma.getArray(), m, r);
        NDArray b = ChainSupernet.slice(beta.getArray(), m, r);
        NDArray rm = ChainSupernet.slice(mean, m, r).duplicate();
        NDArray rv = ChainSupernet.slice(var, m, r).duplicate();
        rm.attach(m);
        rv.attach(m);
        NDArray y = BatchNorm.batchNorm(x, rm, rv, g, b, 1, MOMENTUM, EPSILON, training).singletonOrThrow();
        if (training) { // the running statistics of the slice moved: write them back into the full layer
            mean.set(new NDIndex(r), rm);
            var.set(new NDIndex(r), rv);
        }
        return y;
    }

    OneShotSupernet.RunningStatistics statistics(int c) {
        return OneShotSupernet.RunningStatistics.leadingSlice(mean, var, c, MOMENTUM);
    }

    /** Its name under the block position, e.g. {@code s0/conv/b1/n1}. */
    public String name() {
        return name;
    }

    /** Trainable weights at its largest width (scale and shift). */
    public long size() {
        return 2L * channels;
    }

    /** Channels at its largest width. */
    public int channels() {
        return channels;
    }
}
