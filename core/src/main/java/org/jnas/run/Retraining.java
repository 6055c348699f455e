package org.jnas.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.Retrained;
import org.jnas.space.Architecture;
import org.jnas.stats.Summary;

/**
 * Re-trains chosen architectures stand-alone with several seeds: the noise-aware last step of a search (the
 * chosen architecture, the top k of a one-shot search, a random baseline's pick, a hand-designed network), so a
 * comparison can say whether a difference is beyond seed noise.
 *
 * <pre>{@code
 * var r = Retraining.of(Evaluators.train(data).build(), 1, 2, 3).run(best.architecture());
 * r.test("accuracy")    // Summary: mean, sd, 95% interval over the three seeds
 * }</pre>
 */
public final class Retraining {
    private final Evaluator evaluator;
    private final long[] seeds;

    private Retraining(Evaluator evaluator, long[] seeds) {
        if (seeds.length == 0) {
            throw new IllegalArgumentException("Retraining needs at least one seed, e.g. Retraining.of(evaluator, 1, 2, 3)");
        }
        this.evaluator = evaluator;
        this.seeds = seeds.clone();
    }

    public static Retraining of(Evaluator evaluator, long... seeds) {
        return new Retraining(evaluator, seeds);
    }

    /** k seeds derived from a base seed (base, base+1, ...), for reproducible k-seed retraining. */
    public static long[] seeds(long base, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("need at least one seed, got k=" + k);
        }
        long[] s = new long[k];
        for (int i = 0; i < k; i++) {
            s[i] = base + i;
        }
        return s;
    }

    public long[] seeds() {
        return seeds.clone();
    }

    /** Trains the architecture once per seed (in seed order). */
    public Result run(Architecture architecture) {
        List<Retrained> runs = new ArrayList<>();
        for (long seed : seeds) {
            runs.add(evaluator.retrain(architecture, seed));
        }
        return new Result(architecture, runs);
    }

    /**
     * The trainings of one architecture.
     *
     * @param architecture what was trained
     * @param runs         one per seed, in seed order
     */
    public record Result(Architecture architecture, List<Retrained> runs) {
        public Result {
            runs = List.copyOf(runs);
        }

        public List<Long> seeds() {
            return runs.stream().map(Retrained::seed).toList();
        }

        /** The validation metric over the seeds. */
        public Summary validation(String metric) {
            return Summary.of(runs.stream().mapToDouble(r -> r.validation().metric(metric)).toArray());
        }

        /** The test metric over the seeds; n=0 when the evaluator has no test split. */
        public Summary test(String metric) {
            return Summary.of(runs.stream().map(Retrained::test).flatMap(Optional::stream)
                    .mapToDouble(e -> e.metric(metric)).toArray());
        }

        /** Per-seed test values (empty when there is no test split), for comparisons. */
        public double[] testValues(String metric) {
            return runs.stream().map(Retrained::test).flatMap(Optional::stream)
                    .mapToDouble((Evaluation e) -> e.metric(metric)).toArray();
        }

        public double[] validationValues(String metric) {
            return runs.stream().mapToDouble(r -> r.validation().metric(metric)).toArray();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s retrained with seeds %s: validation %s",
                    architecture.sample().key(), Arrays.toString(seeds().toArray()), validation("accuracy"));
        }
    }
}
