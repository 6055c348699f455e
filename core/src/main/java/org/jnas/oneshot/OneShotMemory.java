package org.jnas.oneshot;

import org.jnas.darts.MemoryEstimate;
import org.jnas.darts.SupernetShape;
import org.jnas.space.SearchSpace;

/**
 * What training a one-shot supernet will hold in memory, from the sizes alone, before anything is allocated: the
 * DARTS model ({@link MemoryEstimate}) applied to what a single path keeps. Activations: the estimate of the same
 * skeleton with every edge running one op, the most memory-hungry candidate (an upper bound for any path; for the
 * DARTS space all 14 pairs are counted although a genotype uses 8). Weights: every candidate of every edge, with
 * gradient and Adam's two moments ({@code 4/3} of DARTS' weights, gradients and momentum). The sandwich rule keeps
 * one path's activations at a time (gradients accumulate in the weights), so it needs no more.
 *
 * @param activationBytes feature maps of one path's forward and backward pass
 * @param parameterBytes  all candidates' weights, gradients and optimizer state
 * @param totalBytes      the sum
 */
public record OneShotMemory(long activationBytes, long parameterBytes, long totalBytes) {

    /** The estimate for training the supernet of {@code space} at {@code batch} (its {@link SupernetKind}'s). */
    public static OneShotMemory of(SearchSpace space, SupernetShape shape, int batch) {
        return SupernetKinds.of(space).memory(space, shape, batch);
    }

    /**
     * Refuses a supernet that will not fit, naming the knobs.
     *
     * @throws OneShotMemoryException when {@link #totalBytes()} exceeds {@code availableBytes}
     */
    public void requireFits(long availableBytes, SupernetShape shape, int batch) {
        if (totalBytes <= availableBytes) {
            return;
        }
        throw new OneShotMemoryException(String.format(java.util.Locale.ROOT, "the one-shot supernet needs about %d"
                + " MB (activations %d MB for batch %d, weights and optimizer state %d MB) but only %d MB are"
                + " available. Shrink it: a smaller batch (batchSize(%d) now), fewer channels (channels(%d) now),"
                + " fewer cells (cells(%d) / cellsPerStage(%d) now) or, for a chain or transformer space, fewer or"
                + " narrower blocks or layers, or raise the cap (memoryLimitMb).", mb(totalBytes),
                mb(activationBytes), batch, mb(parameterBytes), mb(availableBytes), batch, shape.channels(),
                shape.cells(), shape.cellsPerStage()));
    }

    /** The supernet's skeleton in words, for an evaluator's description. */
    static String skeleton(SearchSpace space, SupernetShape shape) {
        return SupernetKinds.of(space).skeleton(space, shape);
    }

    static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "about %d MB (activations %d MB, weights and optimizer state"
                + " %d MB)", mb(totalBytes), mb(activationBytes), mb(parameterBytes));
    }
}
