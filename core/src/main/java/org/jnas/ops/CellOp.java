package org.jnas.ops;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A named candidate operation for a cell edge: keeps the channel count, and applies {@code stride} (1, or 2 on
 * the input edges of a DARTS reduction cell).
 *
 * <h2>Adding your own op (one call, from a notebook cell or a static block)</h2>
 * <ol>
 *   <li>Write the factory: a DJL block that maps {@code (N, channels, H, W)} to {@code (N, channels, H/stride,
 *       W/stride)}; BatchNorm layers honour {@code affine} (DARTS' supernet runs them without scale and shift).</li>
 *   <li>Pick its {@link OpFamily}: renderers colour by it, DARTS' collapse remedies count the parameter-free
 *       families, {@code NONE} marks the zero op that removes an edge.</li>
 *   <li>Register it: {@code Ops.register("my_conv", OpFamily.CONV, (c, s, affine) -> ...)}. Every cell space,
 *       DARTS supernet, one-shot supernet, cost model, memory estimate and picture then accepts the name: none of
 *       them tests op names. If your op keeps more feature maps for the backward pass than the family's default
 *       ({@link #activationMaps}), give the figure with
 *       {@link Ops#register(String, OpFamily, double, Factory)} so that DARTS' memory check stays honest.</li>
 * </ol>
 *
 * @param name           the name used in samples, genotypes and the NAS-Bench-201 string form
 * @param family         what kind of op it is
 * @param activationMaps feature maps autograd keeps for the backward pass, in units of the op's output size (a
 *                       memory estimate's input; a strided skip's factorized reduce counts its own)
 * @param factory        builds a fresh DJL block for a channel count, stride and whether BatchNorm is affine
 */
public record CellOp(String name, OpFamily family, double activationMaps, Factory factory) {

    private static final Map<List<Object>, Long> PARAMETER_COUNTS = new ConcurrentHashMap<>();

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

    /** An op keeping its family's usual number of feature maps ({@link OpFamily#activationMaps()}). */
    public CellOp(String name, OpFamily family, Factory factory) {
        this(name, family, family.activationMaps(), factory);
    }

    public Block create(int channels, int stride, boolean affine) {
        return factory.create(channels, stride, affine);
    }

    /**
     * Learned parameters of the op's block at {@code channels} and {@code stride}, counted on the block itself
     * (built once per setting and cached), so a registered op needs no hand-written formula.
     */
    public long parameterCount(int channels, int stride, boolean affine) {
        if (family == OpFamily.NONE) {
            return 0;
        }
        return PARAMETER_COUNTS.computeIfAbsent(List.of(this, channels, stride, affine), k -> {
            Block block = create(channels, stride, affine);
            try (NDManager manager = NDManager.newBaseManager()) {
                block.initialize(manager, DataType.FLOAT32, new Shape(1, channels, 8, 8));
                return block.getParameters().values().stream()
                        .filter(p -> p.requiresGradient())
                        .mapToLong(p -> p.getArray().size()).sum();
            }
        });
    }
}
