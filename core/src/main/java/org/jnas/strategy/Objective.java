package org.jnas.strategy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A metric to maximize or minimize, for example {@code Objective.maximize("accuracy")} or
 * {@code Objective.minimize("params")}. The first objective of a search is its primary score.
 *
 * @param metric   the metric name an {@link org.jnas.eval.Evaluator} reports
 * @param maximize true to maximize, false to minimize
 */
public record Objective(@JsonProperty("metric") String metric, @JsonProperty("maximize") boolean maximize) {

    @JsonCreator
    public Objective {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("an objective needs a metric name, for example \"accuracy\"");
        }
    }

    public static Objective maximize(String metric) {
        return new Objective(metric, true);
    }

    public static Objective minimize(String metric) {
        return new Objective(metric, false);
    }

    /** The metric turned so that larger is better (negated when minimizing); an error names missing metrics. */
    public double oriented(Map<String, Double> metrics) {
        Double v = metrics.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("objective metric '" + metric + "' is not among the evaluation's"
                    + " metrics " + metrics.keySet() + "; pick one of those");
        }
        return maximize ? v : -v;
    }

    @Override
    public String toString() {
        return (maximize ? "maximize " : "minimize ") + metric;
    }
}
