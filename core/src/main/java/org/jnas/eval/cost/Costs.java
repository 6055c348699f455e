package org.jnas.eval.cost;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.transformer.ScaledDotProductAttentionBlock;
import ai.djl.util.Pair;
import java.util.List;

/**
 * Parameter count and FLOPs of an initialized DJL network, the size and compute objectives of hardware-aware
 * search.
 *
 * <p>FLOPs are multiply-accumulates (MACs) per image, computed analytically from each layer's recorded input
 * shape (DJL keeps the shape a block was initialized with), so they cost nothing to compute and do not depend on
 * timing noise. Counted: convolutions ({@code k_h*k_w*Cin/groups*Cout*Hout*Wout}) and linear layers
 * ({@code in*out} per position), and in self-attention ({@code ScaledDotProductAttentionBlock}) besides its four
 * projections the two products {@code Q K^T} and {@code softmax(.) V}: {@code 2 * tokens^2 * width}. Not counted, as in most NAS papers: biases, BatchNorm, activations, pooling,
 * element-wise sums and the zero op (together well under a few percent for conv nets, and memory- rather than
 * compute-bound). Edges whose op is {@code none} have no block and count nothing.
 */
public final class Costs {
    private Costs() {
    }

    /**
     * {@code params}, {@code flops} (MACs per image), {@code peak_memory_mb} (inference peak from the graph,
     * {@link PeakMemory}, at the latency's batch, else batch 1) and, unless {@code latency} is null,
     * {@code latency_ms} (the median) with {@code latency_ms_iqr} and {@code latency_ms_noise} (see
     * {@link Latency.Measurement}) of an initialized network whose parameters live on {@code manager}'s device;
     * {@code imageShape} is one image (C, H, W).
     */
    public static java.util.Map<String, Double> measure(Block initialized, ai.djl.ndarray.NDManager manager,
                                                        Shape imageShape, Latency latency) {
        org.jnas.eval.djl.Libtorch.prepare(); // costs are often a session's first libtorch work (notebook 02)
        var out = new java.util.LinkedHashMap<String, Double>();
        out.put("params", (double) parameters(initialized));
        out.put("flops", (double) macs(initialized));
        out.put("peak_memory_mb", PeakMemory.of(initialized, latency != null ? latency.batch() : 1).peakMb());
        if (latency != null) {
            out.putAll(latency.measure(initialized, manager, imageShape).metrics()); // median, IQR, noise
        }
        return out;
    }

    /** Trainable parameters (BatchNorm running statistics and frozen scale/shift are not counted). */
    public static long parameters(Block initialized) {
        long n = 0;
        for (Pair<String, Parameter> p : initialized.getParameters()) {
            Parameter param = p.getValue();
            if (!param.isInitialized()) {
                throw notInitialized(initialized);
            }
            if (param.requiresGradient()) {
                n += param.getArray().size();
            }
        }
        return n;
    }

    /** Multiply-accumulates of one forward pass, per image. */
    public static long macs(Block initialized) {
        if (!initialized.isInitialized()) {
            throw notInitialized(initialized);
        }
        return walk(initialized);
    }

    private static long walk(Block block) {
        if (block instanceof Convolution conv) {
            return convMacs(conv);
        }
        if (block instanceof Linear linear) {
            return linearMacs(linear);
        }
        if (block instanceof ScaledDotProductAttentionBlock attention) {
            return attentionMacs(attention);
        }
        long sum = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            Block c = child.getValue();
            if (!c.isInitialized() && c.getParameters().isEmpty()) {
                continue; // parameter-free and never shaped (an unused branch): nothing to count
            }
            sum += walk(c);
        }
        return sum;
    }

    /**
     * The four projections on every token, {@code Q K^T} (tokens x tokens x width) and the weighted sum of values
     * (the same), per image. Counted here from the block's own input, because DJL initializes the projections with
     * batch and tokens folded into one unknown axis, {@code (-1, width)}, which hides the token count.
     */
    private static long attentionMacs(ScaledDotProductAttentionBlock attention) {
        Shape in = inputOf(attention); // (batch, tokens, width)
        long tokens = in.get(1);
        long width = in.get(2);
        long projections = 0;
        for (Linear p : List.of(attention.getQueryProjection(), attention.getKeyProjection(),
                attention.getValueProjection(), attention.getResultProjection())) {
            projections += p.getParameters().get("weight").getArray().size() * tokens;
        }
        return projections + 2 * tokens * tokens * width;
    }

    private static long convMacs(Convolution conv) {
        Shape in = inputOf(conv);
        Shape out = conv.getOutputShapes(new Shape[] {in})[0];
        long batch = in.get(0);
        long kernel = conv.getKernelShape().size();
        long cin = in.get(1);
        long spatialOut = out.slice(2).size();
        return kernel * (cin / conv.getGroups()) * conv.getFilters() * spatialOut * out.get(0) / batch;
    }

    private static long linearMacs(Linear linear) {
        Shape in = inputOf(linear);
        Shape weight = linear.getParameters().get("weight").getArray().getShape(); // (out, in)
        long positions = in.size() / in.get(in.dimension() - 1) / in.get(0);
        return weight.size() * positions;
    }

    private static Shape inputOf(Block b) {
        try {
            return b.getInputShapes()[0];
        } catch (IllegalStateException e) {
            throw notInitialized(b);
        }
    }

    private static IllegalStateException notInitialized(Block b) {
        return new IllegalStateException("block " + b.getClass().getSimpleName() + " is not initialized: call"
                + " block.initialize(manager, DataType.FLOAT32, new Shape(1, C, H, W)) before counting its cost");
    }
}
