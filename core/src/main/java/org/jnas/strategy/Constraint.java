package org.jnas.strategy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A hard limit on a metric, for example {@code Constraint.atMost("latency_ms", 20)}: trials that break it are
 * infeasible, never best and never on the Pareto front; NSGA-II ranks them below every feasible trial.
 *
 * @param metric the metric name
 * @param bound  the limit
 * @param atMost true for {@code metric <= bound}, false for {@code metric >= bound}
 */
public record Constraint(@JsonProperty("metric") String metric, @JsonProperty("bound") double bound,
                         @JsonProperty("atMost") boolean atMost) {

    @JsonCreator
    public Constraint {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a constraint needs a metric name, for example \"latency_ms\"");
        }
        if (!Double.isFinite(bound)) {
            throw new IllegalArgumentException("constraint on '" + metric + "' needs a finite bound, got " + bound);
        }
    }

    public static Constraint atMost(String metric, double bound) {
        return new Constraint(metric, bound, true);
    }

    public static Constraint atLeast(String metric, double bound) {
        return new Constraint(metric, bound, false);
    }

    /** How far the metrics are beyond the bound: 0 when satisfied. */
    public double violation(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("constraint metric '" + metric + "' is not among the evaluation's"
                    + " metrics " + metrics.keySet());
        }
        return Math.max(0, atMost ? v - bound : bound - v);
    }

    /**
     * Whether the metric is within its measurement noise of the bound, so a re-measure could flip feasibility:
     * true when the metrics carry {@code <metric>_noise} (half the width of its 95% interval, as measured latency
     * and repeated evaluations record it) and the value lies at most that far from the bound, on either side.
     * The check itself ({@link #violation}) always uses the value (for latency, the median).
     */
    public boolean withinNoise(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        Double noise = metrics.get(metric + "_noise");
        return v != null && noise != null && Math.abs(v - bound) <= noise;
    }

    @Override
    public String toString() {
        // %.4g: a bound computed from measurements (0.5841080000000001) reads as 0.5841
        return metric + (atMost ? " <= " : " >= ") + String.format(java.util.Locale.ROOT, "%.4g", bound)
                .replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
    }
}
