package org.jnas.eval.cost;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Measured inference latency of a network on the device its parameters live on: a few warm-up passes (allocator,
 * kernel selection), then timed passes until their median is stable, which resists the outliers of a shared
 * machine. The spread is recorded with the median, so a constraint check can tell a candidate that is clearly
 * over a limit from one that is within measurement noise of it ({@code Constraint.withinNoise}).
 *
 * <p>Stable means: the distribution-free 95% interval of the median (order statistics of the timed passes) lies
 * within {@code stableWithin} of the median on both sides. After {@code repeats} passes the interval is checked,
 * and while it is wider, 10 more passes are timed, up to {@code maxRepeats}. A measurement that never settles says
 * so ({@link Measurement#stable()}), and its wider interval is what the metrics record.
 *
 * <p>What it cannot see: drift between measurements taken minutes apart (another process starting on a shared
 * machine) is larger than the spread within one measurement; the recorded interval describes one measurement.
 *
 * @param warmup       untimed forward passes first
 * @param repeats      timed forward passes at least
 * @param batch        images per forward pass (1: the latency a single request sees)
 * @param maxRepeats   timed forward passes at most (equal to {@code repeats}: a fixed count)
 * @param stableWithin relative half-width of the median's 95% interval that counts as stable, e.g. 0.05
 */
public record Latency(int warmup, int repeats, int batch, int maxRepeats, double stableWithin)
        implements java.io.Serializable {

    /** Metric name suffix of the interquartile range of the timed passes ({@code latency_ms_iqr}). */
    public static final String IQR_SUFFIX = "_iqr";
    /**
     * Metric name suffix of a measurement's noise: half the width of the 95% interval of the reported value
     * ({@code latency_ms_noise}); constraint checks read it.
     */
    public static final String NOISE_SUFFIX = "_noise";

    private static final int MORE = 10;

    public Latency {
        if (warmup < 0 || repeats < 1 || batch < 1 || maxRepeats < repeats) {
            throw new IllegalArgumentException("latency needs warmup >= 0, repeats >= 1, batch >= 1 and maxRepeats"
                    + " >= repeats; got warmup=" + warmup + ", repeats=" + repeats + ", batch=" + batch
                    + ", maxRepeats=" + maxRepeats);
        }
        if (!(stableWithin > 0)) {
            throw new IllegalArgumentException("stableWithin must be a positive fraction of the median, e.g. 0.05;"
                    + " got " + stableWithin);
        }
    }

    /** A fixed number of timed passes (no adaptive repeats). */
    public Latency(int warmup, int repeats, int batch) {
        this(warmup, repeats, batch, repeats, 0.05);
    }

    /**
     * 5 warm-up passes, then at least 20 timed ones, up to 100 until the median's 95% interval is within 5% of it;
     * batch 1.
     */
    public static Latency defaults() {
        return new Latency(5, 20, 1, 100, 0.05);
    }

    /**
     * One latency measurement.
     *
     * @param medianMs median milliseconds of the timed passes: the latency
     * @param lowMs    95% interval of the median, lower end (order statistics; no distribution assumed)
     * @param highMs   upper end
     * @param q1Ms     first quartile of the passes
     * @param q3Ms     third quartile
     * @param passes   timed passes
     * @param stable   whether the interval reached the requested width within {@code maxRepeats} passes
     */
    public record Measurement(double medianMs, double lowMs, double highMs, double q1Ms, double q3Ms, int passes,
                              boolean stable) {
        /** Half the width of the median's 95% interval: how far a re-measure may plausibly land. */
        public double noiseMs() {
            return (highMs - lowMs) / 2;
        }

        /** {@code latency_ms}, {@code latency_ms_iqr} and {@code latency_ms_noise}. */
        public Map<String, Double> metrics() {
            var m = new LinkedHashMap<String, Double>();
            m.put("latency_ms", medianMs);
            m.put("latency_ms" + IQR_SUFFIX, q3Ms - q1Ms);
            m.put("latency_ms" + NOISE_SUFFIX, noiseMs());
            return m;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3f ms median [95%% CI %.3f, %.3f], IQR %.3f, %d passes%s",
                    medianMs, lowMs, highMs, q3Ms - q1Ms, passes, stable ? "" : " (not stable)");
        }
    }

    /** Median milliseconds of one inference forward pass; see {@link #measure}. */
    public double measureMs(Block initialized, NDManager manager, Shape imageShape) {
        return measure(initialized, manager, imageShape).medianMs();
    }

    /**
     * Times inference forward passes until the median is stable (or {@code maxRepeats} is reached).
     *
     * @param initialized a network whose parameters live on {@code manager}'s device
     * @param imageShape  one image, (C, H, W)
     */
    public Measurement measure(Block initialized, NDManager manager, Shape imageShape) {
        org.jnas.eval.djl.Libtorch.prepare(); // checked convolutions, no NNPACK noise: may be the first network run
        Shape in = new Shape(batch).addAll(imageShape);
        double[] ms = new double[maxRepeats];
        int timed = 0;
        try (NDManager scope = manager.newSubManager()) {
            var input = new NDList(scope.randomUniform(0, 1, in));
            var store = new ParameterStore(scope, false);
            for (int i = 0; i < warmup; i++) {
                pass(initialized, store, input, scope);
            }
            int target = repeats;
            while (true) {
                while (timed < target) {
                    ms[timed++] = pass(initialized, store, input, scope);
                }
                Measurement m = summarize(Arrays.copyOf(ms, timed), stableWithin);
                if (m.stable() || timed >= maxRepeats) {
                    return m;
                }
                target = Math.min(maxRepeats, timed + MORE);
            }
        }
    }

    private static double pass(Block block, ParameterStore store, NDList input, NDManager scope) {
        try (NDManager step = scope.newSubManager()) {
            input.attach(step);
            long t0 = System.nanoTime();
            NDList out = block.forward(store, input, false);
            out.singletonOrThrow().toFloatArray(); // wait for the result (asynchronous devices)
            long t1 = System.nanoTime();
            input.attach(scope);
            return (t1 - t0) / 1e6;
        }
    }

    /**
     * Median, its distribution-free 95% interval and the quartiles of timed passes. The interval is
     * [x(l), x(u)] with l and u the ranks n/2 -+ 1.96 sqrt(n)/2 (normal approximation of the binomial, rounded
     * outwards): the median of passes like these lands inside it 95% of the time.
     */
    static Measurement summarize(double[] passes, double stableWithin) {
        double[] s = passes.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = org.jnas.stats.Stats.quantile(s, 0.5);
        double half = 1.96 * Math.sqrt(n) / 2;
        int lo = Math.max(0, (int) Math.floor(n / 2.0 - half) - 1);    // 0-based rank
        int hi = Math.min(n - 1, (int) Math.ceil(n / 2.0 + half));
        double low = Math.min(median, s[lo]);
        double high = Math.max(median, s[hi]);
        boolean stable = n >= 2 && high - median <= stableWithin * median && median - low <= stableWithin * median;
        return new Measurement(median, low, high, org.jnas.stats.Stats.quantile(s, 0.25),
                org.jnas.stats.Stats.quantile(s, 0.75), n, stable);
    }
}
