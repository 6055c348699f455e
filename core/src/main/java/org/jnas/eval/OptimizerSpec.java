package org.jnas.eval;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * The optimizer of a training evaluation, as typed values (no string keys to misspell). Build one with
 * {@link #adam(double)} or {@link #sgd(double, double)}.
 */
public sealed interface OptimizerSpec extends java.io.Serializable {

    /** The learning rate, reported in failure messages and descriptions. */
    double learningRate();

    /** The L2 weight decay (0: none). */
    double weightDecay();

    /** A fresh DJL optimizer with a constant learning rate. */
    default Optimizer create() {
        return create(Tracker.fixed((float) learningRate()));
    }

    /** A fresh DJL optimizer whose learning rate follows {@code learningRate} (a schedule, see {@link Recipe}). */
    Optimizer create(Tracker learningRate);

    /** Adam, a robust default for short, low-fidelity runs. */
    static OptimizerSpec adam(double learningRate) {
        return new Adam(learningRate, 0);
    }

    /** SGD with momentum, what the NAS-Bench-201 and DARTS papers train with (lr 0.025-0.1, momentum 0.9). */
    static OptimizerSpec sgd(double learningRate, double momentum) {
        return new Sgd(learningRate, momentum, 0);
    }

    private static void check(double lr, double weightDecay) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** Adam with a fixed learning rate and optional weight decay. */
    record Adam(double learningRate, double weightDecay) implements OptimizerSpec {
        public Adam {
            check(learningRate, weightDecay);
        }

        @Override
        public Optimizer create(Tracker rate) {
            return Optimizer.adam().optLearningRateTracker(rate)
                    .optWeightDecays((float) weightDecay).build();
        }

        @Override
        public String toString() {
            return "adam(lr " + learningRate + (weightDecay > 0 ? ", wd " + weightDecay : "") + ")";
        }
    }

    /** SGD with momentum, a fixed learning rate and optional weight decay. */
    record Sgd(double learningRate, double momentum, double weightDecay) implements OptimizerSpec {
        public Sgd {
            check(learningRate, weightDecay);
            if (momentum < 0 || momentum >= 1) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
        }

        @Override
        public Optimizer create(Tracker rate) {
            return Optimizer.sgd().setLearningRateTracker(rate)
                    .optMomentum((float) momentum).optWeightDecays((float) weightDecay).build();
        }

        @Override
        public String toString() {
            return "sgd(lr " + learningRate + ", momentum " + momentum
                    + (weightDecay > 0 ? ", wd " + weightDecay : "") + ")";
        }
    }
}
