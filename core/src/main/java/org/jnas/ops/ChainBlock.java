package org.jnas.ops;

import ai.djl.nn.Block;
import java.awt.Color;
import java.util.Objects;
import org.jnas.oneshot.ElasticBlock;

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
 *   <li>Optional, for one-shot evaluation: give it an elastic form, {@code .withElastic(factory)} (the checklist is
 *       on {@link ElasticBlock}). The one-shot supernet refuses a block type without one by name, before
 *       training; every other part of jnas works without it.</li>
 * </ol>
 *
 * @param name           the name used in {@code ChainSpace} stages, samples and diagrams
 * @param legend         one line for the diagram's legend
 * @param usesExpansion  whether the stage's expansion ratio reaches the factory (otherwise it gets 1, and samples
 *                       that differ only in the ratio build the same network)
 * @param fill           the diagram's fill colour (null: one picked from the name)
 * @param factory        builds a fresh DJL block
 * @param elastic        its sliced form in the one-shot chain supernet, or null (one-shot then refuses it)
 */
public record ChainBlock(String name, String legend, boolean usesExpansion, Color fill, Factory factory,
                         ElasticBlock.Factory elastic) {

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

    /** A block type without an elastic form (add one with {@link #withElastic}). */
    public ChainBlock(String name, String legend, boolean usesExpansion, Color fill, Factory factory) {
        this(name, legend, usesExpansion, fill, factory, null);
    }

    /** The same block type with {@code elastic} as its form in the one-shot chain supernet. */
    public ChainBlock withElastic(ElasticBlock.Factory elastic) {
        return new ChainBlock(name, legend, usesExpansion, fill, factory, Objects.requireNonNull(elastic, "elastic"));
    }

    public Block create(int in, int out, int kernel, int stride, int expansion) {
        return factory.create(in, out, kernel, stride, usesExpansion ? expansion : 1);
    }
}
