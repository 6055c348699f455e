package org.jnas.baselines;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jnas.eval.cost.Latency;
import org.jnas.eval.djl.NetworkBuilder;

/**
 * Sets a hand-designed family's width multiplier so that one cost of the member matches a target (the search
 * winner's) within a relative tolerance. Costs grow with the width, so the multiplier is found by bisection on a
 * log scale between {@link #MIN_WIDTH} and {@link #MAX_WIDTH}; channel counts are integers, so the cost moves in
 * steps and the closest step is kept. A target that no width reaches within the tolerance is refused with the
 * reachable range, before any training.
 *
 * @param metric    {@code params}, {@code flops} (MACs per image), {@code latency_ms} or {@code peak_memory_mb}
 * @param tolerance relative tolerance, for example 0.1 for within 10%
 */
public record CostMatch(String metric, double tolerance) {

    public static final double MIN_WIDTH = 1.0 / 16;
    public static final double MAX_WIDTH = 8;
    /** Metrics a cost can be matched on (what {@link NetworkBuilder#costs} measures). */
    public static final java.util.List<String> METRICS = java.util.List.of("params", "flops", "latency_ms",
            "peak_memory_mb");

    public CostMatch {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("cannot match on '" + metric + "'; match on one of " + METRICS);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance is relative, in (0, 1) (0.1 = within 10%), got "
                    + tolerance);
        }
    }

    /**
     * A member matched to a target.
     *
     * @param network the chosen member
     * @param costs   its costs (params, flops, peak_memory_mb, latency_ms when measured)
     * @param target  the target value of the matched metric
     */
    public record Matched(HandDesigned.Network network, Map<String, Double> costs, String metric, double target) {
        /** Matched metric divided by the target. */
        public double ratio() {
            return costs.get(metric) / target;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %s %.4g (target %.4g, ratio %.3f)", network.label(), metric,
                    costs.get(metric), target, ratio());
        }
    }

    /**
     * The member of {@code family} whose {@code metric} is closest to {@code target}, within the tolerance.
     *
     * @param shape   a network builder whose input shape and classes are those of the data (only those are read)
     * @param latency how latency is measured (needed when matching on {@code latency_ms}; else may be null)
     * @throws IllegalArgumentException when no width brings the cost within the tolerance
     */
    public Matched match(HandDesigned family, double target, NetworkBuilder shape, Latency latency) {
        Objects.requireNonNull(family, "family");
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("target " + metric + " must be a positive number, got " + target);
        }
        Latency lat = metric.equals("latency_ms") ? Objects.requireNonNull(latency,
                "matching on latency_ms needs a Latency") : null;
        double lo = MIN_WIDTH;
        double hi = MAX_WIDTH;
        Matched low = cost(family, lo, target, shape, lat);
        Matched high = cost(family, hi, target, shape, lat);
        if (low.costs().get(metric) > target * (1 + tolerance) || high.costs().get(metric) < target * (1 - tolerance)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s cannot match %s %.4g within %.0f%%: its widths %.3g-%.3g give %.4g-%.4g; change its depth"
                            + " or match on another metric", family.name(), metric, target, 100 * tolerance,
                    MIN_WIDTH, MAX_WIDTH, low.costs().get(metric), high.costs().get(metric)));
        }
        // invariant: cost(lo) <= target <= cost(hi), up to the checks above
        for (int i = 0; i < 24 && hi / lo > 1.001; i++) {
            double mid = Math.sqrt(lo * hi);
            Matched m = cost(family, mid, target, shape, lat);
            if (m.costs().get(metric) < target) {
                lo = mid;
                low = m;
            } else {
                hi = mid;
                high = m;
            }
        }
        Matched best = Math.abs(Math.log(low.ratio())) <= Math.abs(Math.log(high.ratio())) ? low : high;
        if (Math.abs(best.ratio() - 1) > tolerance) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s cannot match %s %.4g within %.0f%%: the nearest widths give %s and %s (channels are whole"
                            + " numbers); raise the tolerance or match on another metric", family.name(), metric,
                    target, 100 * tolerance, low, high));
        }
        return best;
    }

    private Matched cost(HandDesigned family, double width, double target, NetworkBuilder shape, Latency latency) {
        HandDesigned.Network n = family.at(width);
        NetworkBuilder nb = n.networkBuilder();
        var in = shape.inputShape(1);
        nb.input((int) in.get(1), (int) in.get(2), (int) in.get(3)).classes(shape.classes());
        return new Matched(n, nb.costs(n.architecture(), latency), metric, target);
    }
}
