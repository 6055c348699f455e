package org.jnas.run;

import java.util.Locale;
import org.jnas.eval.Evaluator;
import org.jnas.space.SearchSpace;
import org.jnas.strategy.Trial;

/**
 * How a report measures the chosen architecture (and the random baseline's pick, the same way): the only use of
 * the test split. Two honest options:
 * <ul>
 *   <li>{@link #sameWeights()}: one training with the chosen trial's own seed, scored on validation and test: the
 *       test number belongs to the weights that produced the validation score the search chose by.</li>
 *   <li>{@link #seeds(int)} (default: 3): k stand-alone trainings with k seeds derived from the search's seed
 *       (the same k seeds for the search's pick and for the baseline's), reported as mean, standard deviation and
 *       95% interval; their validation spread is the search's noise floor (one architecture, k seeds), and the
 *       comparison with the baseline is a Welch test on the k test values of each pick.</li>
 * </ul>
 * The report says which was used, with the seeds, and what it cost (not counted in the search's budget).
 *
 * @param k trainings of the chosen architecture; 1 means the chosen trial's own seed (same weights)
 */
public record FinalEvaluation(int k) {
    /** The default: 3 seeds. */
    public static final int DEFAULT_SEEDS = 3;

    public FinalEvaluation {
        if (k < 1) {
            throw new IllegalArgumentException("a final evaluation needs at least one training, got k=" + k
                    + "; use FinalEvaluation.sameWeights() or FinalEvaluation.seeds(3)");
        }
    }

    /** One training with the chosen trial's seed: validation and test from the same weights. */
    public static FinalEvaluation sameWeights() {
        return new FinalEvaluation(1);
    }

    /** k trainings with k seeds derived from the search's seed; k >= 2 so that a spread can be measured. */
    public static FinalEvaluation seeds(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("seeds(k) needs k >= 2 to measure a spread, got " + k
                    + "; for one training use FinalEvaluation.sameWeights()");
        }
        return new FinalEvaluation(k);
    }

    public boolean sameWeightsAsTrial() {
        return k == 1;
    }

    /**
     * The seeds for the pick {@code chosen} of a search with seed {@code searchSeed}: the trial's own seed for
     * {@link #sameWeights()}, else {@code base, base+1, ...} with {@code base} derived from the search seed (a
     * stream no trial uses), identical for every pick of that search.
     */
    public long[] seedsFor(long searchSeed, Trial chosen) {
        if (sameWeightsAsTrial()) {
            return new long[] {chosen.seed()};
        }
        return Retraining.seeds(Math.floorMod(Search.trialSeed(searchSeed, -2), 1_000_000_000L), k);
    }

    /** Trains the pick as this final evaluation says. */
    public Retraining.Result run(Evaluator evaluator, SearchSpace space, long searchSeed, Trial chosen) {
        return Retraining.of(evaluator, seedsFor(searchSeed, chosen)).run(space.freeze(chosen.sample()));
    }

    @Override
    public String toString() {
        return sameWeightsAsTrial() ? "same weights as the chosen trial (its own seed)"
                : String.format(Locale.ROOT, "%d retrainings with %d seeds", k, k);
    }
}
