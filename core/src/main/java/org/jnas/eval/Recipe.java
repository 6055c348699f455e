package org.jnas.eval;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Objects;
import org.jnas.space.TrainingSettings;

/**
 * How a network is trained, as one value: epochs, batch size, optimizer and learning-rate schedule. A search's
 * final training and the hand-designed baselines it is compared with are trained from the same {@code Recipe}
 * (see {@code TrainingEvaluator.withNetwork}), so a weaker recipe for one side cannot happen by accident.
 *
 * <p>Data augmentation is off unless {@code augment} is set ({@code org.jnas.eval.djl.Augmentation} says what it
 * does). Not in the recipe, because jnas's trainer has no such option yet: auxiliary heads, drop-path, label
 * smoothing. When one is added to the trainer it belongs here.
 *
 * @param epochs    full-budget epochs
 * @param batchSize images per optimizer step
 * @param optimizer the optimizer and its base learning rate
 * @param schedule  how the learning rate moves over the run
 * @param augment   random flips and shifts of the training images
 */
public record Recipe(int epochs, int batchSize, OptimizerSpec optimizer, Schedule schedule, boolean augment)
        implements java.io.Serializable {

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

    /** A recipe without data augmentation. */
    public Recipe(int epochs, int batchSize, OptimizerSpec optimizer, Schedule schedule) {
        this(epochs, batchSize, optimizer, schedule, false);
    }

    /** jnas's default: 1 epoch, batch 64, Adam 1e-3, constant rate. */
    public static Recipe defaults() {
        return new Recipe(1, 64, OptimizerSpec.adam(1e-3), Schedule.CONSTANT);
    }

    public Recipe withEpochs(int n) {
        return new Recipe(n, batchSize, optimizer, schedule, augment);
    }

    public Recipe withBatchSize(int n) {
        return new Recipe(epochs, n, optimizer, schedule, augment);
    }

    public Recipe withOptimizer(OptimizerSpec o) {
        return new Recipe(epochs, batchSize, o, schedule, augment);
    }

    public Recipe withSchedule(Schedule s) {
        return new Recipe(epochs, batchSize, optimizer, s, augment);
    }

    public Recipe withAugment(boolean on) {
        return new Recipe(epochs, batchSize, optimizer, schedule, on);
    }

    /**
     * This recipe with a sample's training choices applied ({@link TrainingSettings}; null fields keep this
     * recipe's value). An optimizer choice keeps this recipe's learning rate and weight decay unless those are
     * chosen too; {@code "sgd"} uses momentum 0.9 (or this recipe's momentum, if it is SGD already).
     */
    public Recipe tunedBy(TrainingSettings s) {
        if (s == null || s.equals(TrainingSettings.NONE)) {
            return this;
        }
        double lr = s.learningRate() != null ? s.learningRate() : optimizer.learningRate();
        double wd = s.weightDecay() != null ? s.weightDecay() : optimizer.weightDecay();
        String kind = s.optimizer() != null ? s.optimizer() : optimizer instanceof OptimizerSpec.Sgd ? "sgd" : "adam";
        OptimizerSpec o = switch (kind) {
            case "adam" -> new OptimizerSpec.Adam(lr, wd);
            case "sgd" -> new OptimizerSpec.Sgd(lr, optimizer instanceof OptimizerSpec.Sgd sgd ? sgd.momentum() : 0.9,
                    wd);
            default -> throw new IllegalArgumentException("unknown optimizer '" + kind + "'; the trainer knows "
                    + org.jnas.space.Hyperparameters.OPTIMIZERS);
        };
        return new Recipe(s.epochs() != null ? s.epochs() : epochs, s.batchSize() != null ? s.batchSize() : batchSize,
                o, schedule, s.augment() != null ? s.augment() : augment);
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
                + " schedule") + (augment ? ", augmented" : "");
    }
}
