package org.jnas.eval;

import org.jnas.data.DataSplits;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.oneshot.OneShotEvaluator;
import org.jnas.space.SearchSpace;

/** The ready-made evaluators, as builders: {@code Evaluators.train(Datasets.fashionMnist()).epochs(1).build()}. */
public final class Evaluators {
    private Evaluators() {
    }

    /** Real training with DJL on these splits; see {@link TrainingEvaluator}. */
    public static TrainingEvaluator.Builder train(DataSplits data) {
        return TrainingEvaluator.builder(data);
    }

    /** Scores with weights inherited from one trained weight-sharing supernet of a cell space; see {@link OneShotEvaluator}. */
    public static OneShotEvaluator.Builder oneShot(SearchSpace space, DataSplits data) {
        return OneShotEvaluator.builder(space, data);
    }
}
