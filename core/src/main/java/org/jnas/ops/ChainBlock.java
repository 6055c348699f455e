package org.jnas.ops;

import ai.djl.nn.Block;
import java.awt.Color;
import java.util.Objects;

/**
 * A block type of chain spaces ({@code ChainSpace}: {@code conv}, {@code dwsep}, {@code mbconv}, {@code resblock},
 * or yours): how it is built, whether the expansion ratio means anything to it, and how it is drawn.
 *
 * <h2>Adding your own block (one call, from a notebook cell or a static block)</h2>
 * <ol>
 *   <li>Write the factory: a DJL block from {@code (N, in, H, W)} to {@code (N, out, H/stride, W/stride)} for an
 *       odd {@code kernel} (same padding); {@code expansion} is the stage's expansion ratio (1 when the block does
 *       not use it).</li>
 *   <li>Register it: {@code ChainBlocks.register(new ChainBlock("ghost", "ghost: cheap ghost features", false,
 *       null, (in, out, k, s, e) -> ...))}. Chain spaces then accept {@code ops("ghost")}; networks, costs,
 *       baselines, clusters and diagrams use it; no other file names block types.</li>
 *   <li>The one-shot supernet shares weights only between the block types it has a sliced form for; it refuses
 *       others by name before training.</li>
 * </ol>
 *
 * @param name           the name used in {@code ChainSpace} stages, samples and diagrams
 * @param legend         one line for the diagram's legend
 * @param usesExpansion  whether the stage's expansion ratio reaches the factory (otherwise it gets 1, and samples
 *                       that differ only in the ratio build the same network)
 * @param fill           the diagram's fill colour (null: one picked from the name)
 * @param factory        builds a fresh DJL block
 */
public record ChainBlock(String name, String legend, boolean usesExpansion, Color fill, Factory factory) {

    /** Builds the DJL block of a chain block type. */
    @FunctionalInterface
    public interface Factory {
        Block create(int in, int out, int kernel, int stride, int expansion);
    }

    public ChainBlock {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        legend = legend == null ? name : legend;
        if (fill == null) {
            // a pale colour of its own, stable across runs
            float hue = (name.hashCode() & 0xffff) / 65536f;
            fill = Color.getHSBColor(hue, 0.25f, 0.95f);
        }
    }

    public Block create(int in, int out, int kernel, int stride, int expansion) {
        return factory.create(in, out, kernel, stride, usesExpansion ? expansion : 1);
    }
}
