package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import org.jnas.eval.djl.ConvolutionGuard;

/**
 * A convolution of the chain supernet at its largest shape (no bias, same padding); a candidate runs the first
 * {@code out} (and {@code in}) channels and the centre {@code k x k} of every kernel, as Once-for-All does without
 * its kernel transformation matrices. Created through {@link ElasticBlock.Layers#conv}.
 */
public final class SlicedConv {
    private final String name;
    private final Shape shape;
    private final boolean depthwise;
    /** Null in a conv that only counts weights (the memory check before training). */
    final Parameter weight;

    SlicedConv(String name, Shape shape, boolean depthwise, Parameter weight) {
        this.name = name;
        this.shape = shape;
        this.depthwise = depthwise;
        this.weight = weight;
    }

    /**
     * The slice's convolution of {@code x}: {@code out} output channels from {@code in} input channels (depthwise:
     * {@code out} channels, one group each, {@code in} ignored), the centre {@code kernel x kernel}, same padding.
     */
    public NDArray forward(NDArray x, int out, int in, int kernel, int stride) {
        NDArray w = slice(out, in, kernel, x.getManager());
        return ConvolutionGuard.conv2d(x, w, null, new Shape(stride, stride), new Shape(kernel / 2, kernel / 2),
                new Shape(1, 1), depthwise ? out : 1);
    }

    NDArray slice(int out, int in, int k, NDManager owner) {
        if (weight == null) {
            throw new IllegalStateException("conv " + name + " only counts weights; it has none to run");
        }
        int largest = (int) shape.get(2);
        if (out > shape.get(0) || (!depthwise && in > shape.get(1)) || k > largest || k % 2 == 0) {
            throw new IllegalArgumentException("conv " + name + " " + shape + " has no slice of " + out + " x "
                    + (depthwise ? 1 : in) + " x " + k + " x " + k + ": a slice takes at most its largest sizes"
                    + " and an odd kernel");
        }
        int lo = (largest - k) / 2;
        String centre = lo + ":" + (lo + k);
        return ChainSupernet.slice(weight.getArray(), owner, ":" + out + ", :" + (depthwise ? 1 : in) + ", "
                + centre + ", " + centre);
    }

    /** Its name under the block position, e.g. {@code s1/mbconv/b0/dw}. */
    public String name() {
        return name;
    }

    /** The number of weights at its largest shape. */
    public long size() {
        return shape.size();
    }

    /** Output channels at its largest shape. */
    public int channels() {
        return (int) shape.get(0);
    }
}
