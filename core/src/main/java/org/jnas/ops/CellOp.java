package org.jnas.ops;

import ai.djl.nn.Block;

/**
 * A named candidate operation for a cell edge: keeps the channel count, and applies {@code stride} (1, or 2 on
 * the input edges of a DARTS reduction cell).
 *
 * @param name    the name used in samples, genotypes and the NAS-Bench-201 string form
 * @param family  what kind of op it is
 * @param factory builds a fresh DJL block for a channel count, stride and whether BatchNorm is affine
 */
public record CellOp(String name, OpFamily family, Factory factory) {

    /** Builds the DJL block of an op. */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param channels input and output channels
         * @param stride   1 or 2
         * @param affine   whether BatchNorm layers learn scale and shift (false inside a DARTS supernet)
         */
        Block create(int channels, int stride, boolean affine);
    }

    public Block create(int channels, int stride, boolean affine) {
        return factory.create(channels, stride, affine);
    }
}
