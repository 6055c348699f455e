package org.jnas.oneshot;

import java.util.List;
import org.jnas.darts.MemoryEstimate;
import org.jnas.darts.SupernetShape;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.ChainSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.SearchSpace;
import org.jnas.space.TransformerSpace;

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

    public static OneShotMemory of(SearchSpace space, SupernetShape shape, int batch) {
        if (space instanceof ChainSpace chain) {
            return ChainSupernet.memory(chain, shape, batch);
        }
        if (space instanceof TransformerSpace vit) {
            return TransformerSupernet.memory(vit, shape, batch);
        }
        DifferentiableSpace cells = DifferentiableSpace.require(space, "the one-shot memory estimate");
        long activations = 0;
        for (String op : cells.ops()) {
            if (Ops.family(op) == OpFamily.NONE) {
                continue;
            }
            SearchSpace single = cells.withOps(List.of(op));
            activations = Math.max(activations, MemoryEstimate.of(single, shape, batch, false).activationBytes());
        }
        long params = MemoryEstimate.of(space, shape, batch, false).parameterBytes() * 4 / 3;
        return new OneShotMemory(activations, params, activations + params);
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
        if (space instanceof ChainSpace chain) {
            return "chain stem " + chain.stem() + ", " + chain.stages().size() + " elastic stage(s)";
        }
        if (space instanceof TransformerSpace vit) {
            return "entangled ViT width " + vit.widths().stream().mapToInt(Integer::intValue).max().orElseThrow()
                    + ", " + vit.maxDepth() + " layer(s)";
        }
        return "C=" + shape.channels() + " " + (space instanceof DartsSpace ? shape.cells() + " cells"
                : shape.cellsPerStage() + " cell(s)/stage");
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
