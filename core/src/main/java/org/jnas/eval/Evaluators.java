package org.jnas.eval;

import org.jnas.data.DataSplits;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.oneshot.OneShotEvaluator;
import org.jnas.space.SearchSpace;

/**
 * The ready-made evaluators, as builders: {@code Evaluators.train(Datasets.fashionMnist()).epochs(1).build()}, and
 * wrappers: {@code Evaluators.repeats(evaluator, 3)}.
 */
public final class Evaluators {
    private Evaluators() {
    }

    /** Real training with DJL on these splits; see {@link TrainingEvaluator}. */
    public static TrainingEvaluator.Builder train(DataSplits data) {
        return TrainingEvaluator.builder(data);
    }

    /**
     * {@code evaluator} repeated over k seeds per candidate (the trial's seed and the next k-1), reporting means
     * and the spread ({@code accuracy_sd}, {@code accuracy_noise}); see {@link RepeatedEvaluator}. For all trials
     * of a search; for finalists only, use the search's final evaluation ({@code Search.finalEvaluation}).
     */
    public static RepeatedEvaluator repeats(Evaluator evaluator, int k) {
        return new RepeatedEvaluator(evaluator, k);
    }

    /**
     * Scores with weights inherited from one trained weight-sharing supernet of a cell, chain or transformer space;
     * see {@link OneShotEvaluator}.
     */
    public static OneShotEvaluator.Builder oneShot(SearchSpace space, DataSplits data) {
        return OneShotEvaluator.builder(space, data);
    }
}
