package org.jnas.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jnas.eval.Evaluator;
import org.jnas.space.Architecture;
import org.jnas.stats.Summary;

/**
 * How much one architecture's score moves when only the seed changes: the floor below which differences between
 * single-seed trials are noise. Measured on one architecture with k seeds at full fidelity, on the validation
 * split (never the test split). A search's report takes it from its final evaluation (the chosen architecture's k
 * retrainings); {@link #measure} gives it for any architecture, for example at a notebook's settings.
 *
 * <p>Two single-seed scores with this standard deviation each differ by more than {@link #threshold()} =
 * 1.96 * sqrt(2) * sd only 5% of the time by chance: a smaller gap between two trials says nothing about which
 * architecture is better.
 *
 * @param metric       the metric measured, for example {@code accuracy}
 * @param architecture the architecture's key
 * @param seeds        the seeds, in order
 * @param values       the metric per seed
 * @param summary      mean, standard deviation and 95% interval over the seeds
 */
public record NoiseFloor(String metric, String architecture, List<Long> seeds, double[] values, Summary summary) {
    /** The factor of sd beyond which a difference of two single-seed scores is beyond noise (95%, two-sided). */
    public static final double TWO_SCORES = 1.96 * Math.sqrt(2);

    public NoiseFloor {
        seeds = List.copyOf(seeds);
        values = values.clone();
    }

    /** Evaluates {@code architecture} at full fidelity with seeds {@code base, base+1, ..., base+k-1}. */
    public static NoiseFloor measure(Evaluator evaluator, Architecture architecture, String metric, long base,
                                     int k) {
        if (k < 2) {
            throw new IllegalArgumentException("a noise floor needs at least 2 seeds (5 or more to be useful), got "
                    + k);
        }
        long[] seeds = Retraining.seeds(base, k);
        double[] v = Arrays.stream(seeds).mapToDouble(s -> evaluator.evaluate(architecture, 1.0, s).metric(metric))
                .toArray();
        return new NoiseFloor(metric, architecture.sample().key(), Arrays.stream(seeds).boxed().toList(), v,
                Summary.of(v));
    }

    /** From the validation scores of a k-seed retraining (the report's final evaluation). */
    static NoiseFloor of(Retraining.Result r, String metric) {
        double[] v = r.validationValues(metric);
        return new NoiseFloor(metric, r.architecture().sample().key(), r.seeds(), v, Summary.of(v));
    }

    /** Standard deviation over the seeds. */
    public double sd() {
        return summary.sd();
    }

    /** Differences between two single-seed scores smaller than this are within noise (95%). */
    public double threshold() {
        return TWO_SCORES * summary.sd();
    }

    /** Whether a difference between two single-seed scores is beyond this noise floor. */
    public boolean separates(double difference) {
        return summary.n() >= 2 && Math.abs(difference) > threshold();
    }

    @Override
    public String toString() {
        if (summary.n() < 2) {
            return metric + " of " + architecture + ": fewer than 2 seeds, noise unknown";
        }
        if (summary.sd() == 0) {
            return String.format(Locale.ROOT, "%s of %s identical over %d seeds: the evaluator has no seed noise"
                    + " (a table lookup?)", metric, architecture, summary.n());
        }
        return String.format(Locale.ROOT, "%s of %s over %d seeds: %s; single-seed scores closer than %.4f"
                + " (1.96*sqrt(2)*sd) cannot be told apart", metric, architecture, summary.n(), summary, threshold());
    }
}
