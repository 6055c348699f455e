package org.jnas.eval;

import org.jnas.data.DataSplits;
import org.jnas.eval.djl.TrainingEvaluator;

/** The ready-made evaluators, as builders: {@code Evaluators.train(Datasets.fashionMnist()).epochs(1).build()}. */
public final class Evaluators {
    private Evaluators() {
    }

    /** Real training with DJL on these splits; see {@link TrainingEvaluator}. */
    public static TrainingEvaluator.Builder train(DataSplits data) {
        return TrainingEvaluator.builder(data);
    }
}
