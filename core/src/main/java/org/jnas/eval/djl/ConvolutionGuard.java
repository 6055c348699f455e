package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Where every 2-D convolution jnas runs goes through ({@link GuardedConv2d}, the blocks of {@link
 * org.jnas.ops.Ops#conv}, and the sliced convolutions of the supernets), so that it is right on a CPU where oneDNN is
 * right only for some channel counts.
 *
 * <p>On the AMD EPYC VM of {@link ConvolutionCheck}'s finding, oneDNN capped at AVX2 is right for every dense
 * convolution whose input and output channel counts are multiples of 8 (its AVX2 block: 8 floats), for every 1x1
 * convolution and every depthwise one, and wrong for other dense 3x3 and 5x5 ones (the input gradient when the output
 * channels are not a multiple of 8; the output for 12 or 20 input channels). Fewer than 8 input channels (1 to 7,
 * measured with 5, 8, 12 and 16 outputs) are right as they are once the output channels are a multiple of 8: oneDNN
 * reads such an input unblocked. Capped at SSE4.1 it is right everywhere but half as fast. So when {@link
 * ConvolutionCheck} finds oneDNN wrong as it is but right with padding, such a convolution runs with zero channels
 * appended to its weights, and to its input where it has 8 channels or more, up to the next multiple of 8, and its
 * output cut back: the same numbers (zeros add nothing to a sum), the same gradients for the real channels, a little
 * more work. A network's stem (1 or 3 image channels) is not padded at all when its width is a multiple of 8.
 * Anywhere else ({@link ConvolutionCheck#paddingBlock()} 0, a GPU) this is {@code Conv2d.conv2d}.
 *
 * <p>A convolution written straight against DJL ({@code Conv2d.conv2d}, a plain {@code Conv2d} block) in a custom op
 * is not guarded: on such a CPU, use {@link org.jnas.ops.Ops#conv} or {@link #conv2d} instead.
 */
public final class ConvolutionGuard {

    /** The channel multiple padded to: oneDNN's AVX2 block (8 floats of 32 bits in a 256-bit register). */
    public static final int BLOCK = 8;
    /** Strided convolutions with more input channels than this pad them to multiples of {@link #STRIDED_WIDE_BLOCK}. */
    static final int STRIDED_WIDE_FROM = 64;
    /** The block oneDNN's strided input-gradient kernel used for wide inputs at AVX2 (its weights' {@code Bcda32b}). */
    static final int STRIDED_WIDE_BLOCK = 32;

    private ConvolutionGuard() {
    }

    /**
     * {@code Conv2d.conv2d(x, w, bias, stride, padding, dilation, groups)}, padded where this process's check found
     * it must be ({@link ConvolutionCheck#paddingBlock()}).
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray bias, Shape stride, Shape padding, Shape dilation,
                                 int groups) {
        return conv2d(x, w, bias, stride, padding, dilation, groups, ConvolutionCheck.paddingBlock());
    }

    /** As above, padding channel counts to multiples of {@code block} (none when {@code block} is 0 or 1). */
    static NDArray conv2d(NDArray x, NDArray w, NDArray bias, Shape stride, Shape padding, Shape dilation, int groups,
                          int block) {
        int strideMax = (int) Math.max(stride.get(0), stride.get(1));
        if (block <= 1 || !padded(w.getShape(), groups, strideMax, block) || x.getDevice().isGpu()) {
            return Conv2d.conv2d(x, w, bias, stride, padding, dilation, groups).singletonOrThrow();
        }
        long out = w.getShape().get(0);
        long in = w.getShape().get(1);
        long kh = w.getShape().get(2);
        long kw = w.getShape().get(3);
        long inPadded = paddedInput(in, strideMax, block);
        long outPadded = roundUp(out, block);
        // the zeros belong to the input's manager: they live as long as this forward pass, not as long as the weights
        NDManager m = x.getManager();
        Device d = x.getDevice();
        NDArray xp = x;
        NDArray wp = w;
        if (inPadded > in) {
            Shape xs = x.getShape();
            xp = x.concat(m.zeros(new Shape(xs.get(0), inPadded - in, xs.get(2), xs.get(3)), x.getDataType(), d), 1);
            wp = wp.concat(m.zeros(new Shape(out, inPadded - in, kh, kw), w.getDataType(), d), 1);
        }
        NDArray bp = bias;
        if (outPadded > out) {
            wp = wp.concat(m.zeros(new Shape(outPadded - out, inPadded, kh, kw), w.getDataType(), d), 0);
            if (bias != null) {
                bp = bias.concat(m.zeros(new Shape(outPadded - out), bias.getDataType(), d), 0);
            }
        }
        NDArray y = Conv2d.conv2d(xp, wp, bp, stride, padding, dilation, groups).singletonOrThrow();
        return outPadded > out ? y.get(new NDIndex(":, 0:" + out)) : y;
    }

    /**
     * Whether a convolution with weights of shape {@code (out, in / groups, kh, kw)} and this stride is padded: a dense
     * one bigger than 1x1 whose output channels are not a multiple of {@code block}, or whose input channels {@link
     * #paddedInput} pads. 1x1 and depthwise convolutions, and fewer input channels than the block, were right as they
     * are.
     */
    static boolean padded(Shape weight, int groups, int stride, int block) {
        return groups == 1 && weight.get(2) * weight.get(3) > 1
                && (weight.get(0) % block != 0 || paddedInput(weight.get(1), stride, block) != weight.get(1));
    }

    /**
     * The input channels a padded convolution runs with: the next multiple of {@code block} from a block's worth up;
     * for a strided one with more than {@link #STRIDED_WIDE_FROM}, the next multiple of {@link #STRIDED_WIDE_BLOCK}.
     * Measured at AVX2 (576 shapes of 48 to 256 channels, 1x1 and 3x3, strides 1 and 2, one thread, batch 8, 14
     * pixels): the input gradient of 3x3 stride-2 convolutions with 80 and 112 input channels was wrong (oneDNN's
     * strided kernel blocks their weights by 32 and pads them), with 48, 56, 64, 72, 96, 128, 144, 160, 192 and 256
     * right.
     */
    static long paddedInput(long in, int stride, int block) {
        if (stride > 1 && in > STRIDED_WIDE_FROM && in % STRIDED_WIDE_BLOCK != 0) {
            return roundUp(in, STRIDED_WIDE_BLOCK);
        }
        return in > block && in % block != 0 ? roundUp(in, block) : in;
    }

    private static long roundUp(long n, int block) {
        return (n + block - 1) / block * block;
    }
}
