package org.jnas.eval.cost;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.Locale;
import java.util.Set;

/**
 * Peak memory of one inference forward pass, computed from the graph of an initialized network: its weights
 * (every parameter, BatchNorm statistics included) plus the input plus the largest set of activations alive at
 * once, for a batch size. This is the deployment memory objective of hardware-aware NAS (MCUNet's "peak memory"),
 * exposed as the metric {@code peak_memory_mb} by {@link Costs#measure}.
 *
 * <h2>The model</h2>
 * A tensor lives from the op that makes it until its last consumer has run, as in a runtime that frees tensors
 * after their last use (PyTorch eager in {@code no_grad}, ONNX Runtime, TFLite):
 * <ul>
 *   <li>a layer (convolution, BatchNorm, activation, pooling, linear) makes one new tensor, its output; while it
 *       runs its input and output are both alive;</li>
 *   <li>in a {@link SequentialBlock} each intermediate is freed once the next layer has produced its output;</li>
 *   <li>in a {@link ParallelBlock} (a residual or a concatenation) the input stays alive while the branches run in
 *       order, their outputs accumulate, and the combined output is a new tensor;</li>
 *   <li>{@code identity} and {@code batchFlatten} are views: no new memory; DJL's ReLU6 is two ops (relu, then
 *       minimum with 6), so it makes two tensors;</li>
 *   <li>any other block with children (a cell's DAG) is counted as if all its tensors stayed alive until it ends:
 *       an upper bound for it.</li>
 * </ul>
 * Float32 (4 bytes) everywhere. Kernel workspace is not counted: measured on libtorch 2.7 (CPU, oneDNN), a
 * convolution takes transient buffers of up to about two outputs' size, so a real freeing run peaks up to about
 * 2x the live activations counted here (1.2-1.5x on the three chain networks measured at batch 256, see PeakMemoryTest).
 * Where oneDNN's convolutions fail {@link org.jnas.eval.djl.ConvolutionCheck} and libtorch's own run instead, their
 * im2col buffers come on top (a plain DJL pass measured 36.7 MB against this model's 28.9 MB), and where they run
 * padded ({@link org.jnas.eval.djl.ConvolutionGuard}) the padded copies do (41.0 MB).
 *
 * <p>DJL itself frees nothing until the forward pass's {@code NDManager} closes, so a plain DJL forward pass holds
 * every activation at once: {@link #retainedBytes()} is that figure. Both are checked against the resident memory
 * measured on the engine by {@link MemoryProbe}.
 *
 * @param batch                images per forward pass
 * @param weightBytes          all parameters
 * @param inputBytes           the input batch
 * @param peakActivationBytes  the largest set of live activations (input excluded) under the model above
 * @param allActivationBytes   every activation made by the pass (what a plain DJL forward pass holds)
 */
public record PeakMemory(int batch, long weightBytes, long inputBytes, long peakActivationBytes,
                         long allActivationBytes) {

    static final int FLOAT_BYTES = 4;
    private static final Set<String> VIEWS = Set.of("identity", "batchFlatten");
    /** DJL's ReLU6 is two ops, relu then minimum with 6: two tensors, both alive at the second. */
    private static final String TWO_OP_RELU6 = "ReLU6";

    /** The peak of an initialized network (its recorded input shape gives every layer's shape) at {@code batch}. */
    public static PeakMemory of(Block initialized, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (!initialized.isInitialized()) {
            throw new IllegalStateException("block " + initialized.getClass().getSimpleName() + " is not initialized:"
                    + " call block.initialize(manager, DataType.FLOAT32, new Shape(1, C, H, W)) first");
        }
        long weights = 0;
        for (Pair<String, Parameter> p : initialized.getParameters()) {
            weights += p.getValue().getArray().size() * FLOAT_BYTES;
        }
        Shape in = initialized.getInputShapes()[0];
        Use u = walk(initialized);
        return new PeakMemory(batch, weights, perImage(in) * batch, u.peak * batch, u.all * batch);
    }

    /** The peak of an architecture as {@code network} builds it, at {@code batch}. */
    public static PeakMemory of(org.jnas.eval.djl.NetworkBuilder network, org.jnas.space.Architecture arch,
                                int batch) {
        org.jnas.Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare();
        try (ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
            Block block = network.build(arch);
            block.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, network.inputShape(1));
            return of(block, batch);
        }
    }

    /** Weights + input + peak of live activations: what a freeing runtime needs. */
    public long peakBytes() {
        return weightBytes + inputBytes + peakActivationBytes;
    }

    /** {@link #peakBytes()} in MB (10^6 bytes), the unit of the {@code peak_memory_mb} metric. */
    public double peakMb() {
        return peakBytes() / 1e6;
    }

    /** Weights + input + every activation: what a plain DJL forward pass holds until its manager closes. */
    public long retainedBytes() {
        return weightBytes + inputBytes + allActivationBytes;
    }

    /**
     * Per image: {@code peak} the most bytes alive at once beyond the block's input (its output included),
     * {@code out} its output's bytes (0 when the output is a view of the input), {@code all} every byte it makes.
     */
    private record Use(long peak, long out, long all) {
        static final Use VIEW = new Use(0, 0, 0);
    }

    private static Use walk(Block block) {
        if (block instanceof SequentialBlock) {
            long peak = 0;
            long current = 0; // the intermediate alive between layers (0 while it is still the block's input)
            long all = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                Use u = walk(child.getValue());
                peak = Math.max(peak, current + u.peak);
                all += u.all;
                if (u.out > 0) {
                    current = u.out;
                }
            }
            return new Use(peak, current, all);
        }
        if (block instanceof ParallelBlock) {
            long peak = 0;
            long outputs = 0;
            long all = 0;
            for (Pair<String, Block> child : block.getChildren()) {
                Use u = walk(child.getValue());
                peak = Math.max(peak, outputs + u.peak);
                outputs += u.out;
                all += u.all;
            }
            long out = outputBytes(block);
            return new Use(Math.max(peak, outputs + out), out, all + out);
        }
        if (block.getChildren().isEmpty()) {
            if (block instanceof LambdaBlock l && VIEWS.contains(l.getName())) {
                return Use.VIEW;
            }
            if (block instanceof LambdaBlock l && l.getName().equals(TWO_OP_RELU6)) {
                long out = outputBytes(block);
                return new Use(2 * out, out, 2 * out);
            }
            long out = outputBytes(block);
            return new Use(out, out, out);
        }
        // a block with its own forward (a cell): assume everything it makes stays alive until it returns
        long all = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            if (child.getValue().isInitialized()) {
                all += walk(child.getValue()).all;
            }
        }
        long out = outputBytes(block);
        return new Use(all + out, out, all + out);
    }

    private static long outputBytes(Block block) {
        Shape[] in = block.getInputShapes();
        return perImage(block.getOutputShapes(in)[0], in[0].get(0));
    }

    private static long perImage(Shape s) {
        return perImage(s, s.get(0));
    }

    private static long perImage(Shape s, long batch) {
        return s.size() / batch * FLOAT_BYTES;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "peak %.2f MB at batch %d (weights %.2f, input %.2f, live activations"
                        + " %.2f; a plain DJL pass holds %.2f)", peakMb(), batch, weightBytes / 1e6, inputBytes / 1e6,
                peakActivationBytes / 1e6, retainedBytes() / 1e6);
    }
}
