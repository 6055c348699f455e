package org.jnas.eval;

import java.util.List;
import java.util.Map;

/**
 * What an evaluation measured.
 *
 * @param metrics     named numbers: {@code accuracy} (validation, in [0, 1]), {@code loss}, {@code params},
 *                    {@code flops}, {@code latency_ms}, or whatever the evaluator provides
 * @param costSeconds what the evaluation cost (wall-clock training time, or a benchmark's recorded cost)
 * @param curve       per-epoch validation accuracy when training, else empty
 */
public record Evaluation(Map<String, Double> metrics, double costSeconds, List<Double> curve) {
    public Evaluation {
        // sorted: Map.copyOf's iteration order changes from JVM to JVM
        metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        curve = List.copyOf(curve);
    }

    public static Evaluation of(Map<String, Double> metrics, double costSeconds) {
        return new Evaluation(metrics, costSeconds, List.of());
    }

    /** The metric, or an error naming the metrics this evaluation has. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric '" + name + "'; this evaluation has " + metrics.keySet());
        }
        return v;
    }
}
