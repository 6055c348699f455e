package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import java.util.List;

/**
 * Re-estimates the BatchNorm running statistics of one path of a supernet on a few training batches, and changes
 * nothing else. Why: during supernet training each BatchNorm saw the mixture of every path's activations, so its
 * running mean and variance fit no single candidate; scoring with them ranks candidates by how close they happen to
 * be to the average (SPOS, Guo et al. 2020, recompute them per candidate before evaluation).
 *
 * <p>The new statistics are the plain average over the batches of each batch's mean and (unbiased) variance, as
 * PyTorch's cumulative BatchNorm ({@code momentum=None}) computes them: before each batch the running arrays are
 * zeroed, so after a training-mode forward they hold {@code (1 - m) * batch statistic}, which is divided out. The
 * result does not depend on the statistics the path had before, nor on the order of earlier scorings.
 */
final class BatchNormRecalibration {
    /** DJL's default BatchNorm momentum, used if the layer's own cannot be read. */
    static final float DEFAULT_MOMENTUM = 0.9f;

    private BatchNormRecalibration() {
    }

    /**
     * @param supernet its current path is recalibrated
     * @param batches  training images, one array per batch (N, C, H, W)
     */
    static void recalibrate(OneShotSupernet supernet, List<NDArray> batches) {
        List<OneShotSupernet.RunningStatistics> stats = supernet.pathStatistics();
        if (stats.isEmpty()) {
            return; // nothing to estimate (a transformer path without a conv stem): skip the forward passes
        }
        try (NDManager scratch = batches.get(0).getManager().newSubManager()) {
            NDArray[] sums = new NDArray[2 * stats.size()];
            for (NDArray x : batches) {
                for (var s : stats) {
                    NDArray current = s.mean();
                    current.attach(scratch);
                    NDArray zeros = current.zerosLike();
                    zeros.attach(scratch);
                    s.set(zeros, zeros);
                }
                try (NDManager step = scratch.newSubManager()) {
                    NDArray xs = x.duplicate();
                    xs.attach(step);
                    NDArray logits = supernet.forward(xs, true);
                    logits.attach(step);
                }
                for (int i = 0; i < stats.size(); i++) {
                    var s = stats.get(i);
                    NDArray[] now = {s.mean(), s.variance()};
                    for (int j = 0; j < 2; j++) {
                        now[j].attach(scratch); // copies: freed with the scratch manager, not kept per scoring
                        NDArray batchStat = now[j].div(1 - s.momentum());
                        batchStat.attach(scratch);
                        int slot = 2 * i + j;
                        sums[slot] = sums[slot] == null ? batchStat : sums[slot].addi(batchStat);
                    }
                }
            }
            for (int i = 0; i < stats.size(); i++) {
                NDArray mean = sums[2 * i].div(batches.size());
                NDArray var = sums[2 * i + 1].div(batches.size());
                mean.attach(scratch);
                var.attach(scratch);
                stats.get(i).set(mean, var);
            }
        }
    }

    /** The running mean and variance parameters of a BatchNorm layer. */
    static Parameter[] runningStats(BatchNorm bn) {
        Parameter mean = null;
        Parameter var = null;
        for (Parameter p : bn.getDirectParameters().values()) {
            if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                mean = p;
            } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
                var = p;
            }
        }
        if (mean == null || var == null) {
            throw new IllegalStateException("BatchNorm layer without running statistics: " + bn);
        }
        return new Parameter[] {mean, var};
    }

    /** The layer's momentum (the weight of the old statistics); DJL has no getter, so it is read reflectively. */
    static float momentum(BatchNorm bn) {
        try {
            var f = BatchNorm.class.getDeclaredField("momentum");
            f.setAccessible(true);
            return f.getFloat(bn);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return DEFAULT_MOMENTUM;
        }
    }
}
