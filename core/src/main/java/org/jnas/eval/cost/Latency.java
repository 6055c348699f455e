package org.jnas.eval.cost;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;

/**
 * Measured inference latency of a network on the device its parameters live on: a few warm-up passes (allocator,
 * kernel selection), then the median of timed passes, which resists the outliers of a shared machine.
 *
 * @param warmup  untimed forward passes first
 * @param repeats timed forward passes
 * @param batch   images per forward pass (1: the latency a single request sees)
 */
public record Latency(int warmup, int repeats, int batch) implements java.io.Serializable {

    public Latency {
        if (warmup < 0 || repeats < 1 || batch < 1) {
            throw new IllegalArgumentException("latency needs warmup >= 0, repeats >= 1, batch >= 1; got warmup="
                    + warmup + ", repeats=" + repeats + ", batch=" + batch);
        }
    }

    /** 3 warm-up passes, median of 10, batch 1. */
    public static Latency defaults() {
        return new Latency(3, 10, 1);
    }

    /**
     * Median milliseconds of one inference forward pass.
     *
     * @param initialized a network whose parameters live on {@code manager}'s device
     * @param imageShape  one image, (C, H, W)
     */
    public double measureMs(Block initialized, NDManager manager, Shape imageShape) {
        Shape in = new Shape(batch).addAll(imageShape);
        double[] ms = new double[repeats];
        try (NDManager scope = manager.newSubManager()) {
            var input = new NDList(scope.randomUniform(0, 1, in));
            var store = new ParameterStore(scope, false);
            for (int i = 0; i < warmup + repeats; i++) {
                try (NDManager step = scope.newSubManager()) {
                    input.attach(step);
                    long t0 = System.nanoTime();
                    NDList out = initialized.forward(store, input, false);
                    out.singletonOrThrow().toFloatArray(); // wait for the result (asynchronous devices)
                    long t1 = System.nanoTime();
                    input.attach(scope);
                    if (i >= warmup) {
                        ms[i - warmup] = (t1 - t0) / 1e6;
                    }
                }
            }
        }
        Arrays.sort(ms);
        return repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
    }
}
