package org.jnas.eval;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Objects;

/**
 * How a network is trained, as one value: epochs, batch size, optimizer and learning-rate schedule. A search's
 * final training and the hand-designed baselines it is compared with are trained from the same {@code Recipe}
 * (see {@code TrainingEvaluator.withNetwork}), so a weaker recipe for one side cannot happen by accident.
 *
 * <p>Not in the recipe, because jnas's trainer has no such option yet: data augmentation (none is applied to
 * either side), auxiliary heads, drop-path, label smoothing. When one is added to the trainer it belongs here.
 *
 * @param epochs    full-budget epochs
 * @param batchSize images per optimizer step
 * @param optimizer the optimizer and its base learning rate
 * @param schedule  how the learning rate moves over the run
 */
public record Recipe(int epochs, int batchSize, OptimizerSpec optimizer, Schedule schedule) {

    /** Learning-rate schedules. */
    public enum Schedule {
        /** The optimizer's rate throughout. */
        CONSTANT,
        /** Cosine decay from the optimizer's rate to 0 over the run's steps (SGDR without restarts, as DARTS uses). */
        COSINE
    }

    public Recipe {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(schedule, "schedule");
    }

    /** jnas's default: 1 epoch, batch 64, Adam 1e-3, constant rate. */
    public static Recipe defaults() {
        return new Recipe(1, 64, OptimizerSpec.adam(1e-3), Schedule.CONSTANT);
    }

    public Recipe withEpochs(int n) {
        return new Recipe(n, batchSize, optimizer, schedule);
    }

    public Recipe withBatchSize(int n) {
        return new Recipe(epochs, n, optimizer, schedule);
    }

    public Recipe withOptimizer(OptimizerSpec o) {
        return new Recipe(epochs, batchSize, o, schedule);
    }

    public Recipe withSchedule(Schedule s) {
        return new Recipe(epochs, batchSize, optimizer, s);
    }

    /** A fresh DJL optimizer for a run of {@code totalSteps} optimizer steps. */
    public Optimizer createOptimizer(long totalSteps) {
        float lr = (float) optimizer.learningRate();
        Tracker tracker = switch (schedule) {
            case CONSTANT -> Tracker.fixed(lr);
            case COSINE -> CosineTracker.builder().setBaseValue(lr).optFinalValue(0)
                    .setMaxUpdates((int) Math.max(1, Math.min(Integer.MAX_VALUE, totalSteps))).build();
        };
        return optimizer.create(tracker);
    }

    @Override
    public String toString() {
        return epochs + (epochs == 1 ? " epoch" : " epochs") + ", batch " + batchSize + ", " + optimizer
                + (schedule == Schedule.CONSTANT ? "" : ", " + schedule.name().toLowerCase(java.util.Locale.ROOT)
                + " schedule");
    }
}
