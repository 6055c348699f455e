package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.List;
import org.jnas.darts.SupernetShape;
import org.jnas.space.Architecture;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;

/**
 * One weight-sharing network that contains every architecture of a space, running one architecture (its path) per
 * forward pass. {@link OneShotEvaluator}, {@link PathSampling}, {@link BatchNormRecalibration} and
 * {@link OneShotMemory} use only this contract, so a new kind of space needs a new implementation here and nothing
 * else. Implementations: {@link CellSupernet} (cell spaces: every edge holds all its candidate ops) and
 * {@link ChainSupernet} (chain spaces: elastic depth, width, kernel and expansion, as in Once-for-All) and
 * {@link TransformerSupernet} (transformer spaces: weights entangled across widths, heads, MLP ratios and depths,
 * as in AutoFormer).
 *
 * <h2>To add a supernet for a new space</h2>
 * <ol>
 *   <li>Implement this interface: {@link #setPath} selects an architecture (refusing one of another space with its
 *       sample shown), {@link #forward} runs it, {@link #pathParameters} and {@link #pathStatistics} list what that
 *       path uses, {@link #extract} copies the inherited weights into the network stand-alone training would build
 *       ({@link #standalone}), so that both give the same outputs.</li>
 *   <li>Refuse, naming the choice, any option that has no exactly shared form, in a static check the constructor
 *       also runs.</li>
 *   <li>Write and register its {@link SupernetKind} ({@link SupernetKinds#register}): which spaces it serves, that
 *       refusal, a memory estimate (weights of every option, activations of the largest path, so that training
 *       refuses before allocating when it would not fit), and whether every choice can take any option whatever
 *       the others took (needed by {@link PathSampling#FAIR}); implement {@link #extreme} if so (needed by
 *       {@link PathSampling#SANDWICH}). Nothing else in jnas checks a space's class for one-shot.</li>
 *   <li>Tests, as {@code OneShotSupernetTest} and {@code ChainSupernetTest} do: a path's logits equal the
 *       extracted stand-alone network's; recalibration changes the path's statistics only; seeded training is
 *       reproducible; every strategy runs on {@code Evaluators.oneShot(space, data)}; bad input is refused.</li>
 * </ol>
 */
public interface OneShotSupernet extends AutoCloseable {

    /** The space whose architectures this supernet holds. */
    SearchSpace space();

    /** Refuses an architecture this supernet does not hold, with its sample and the space's name shown. */
    void check(Architecture architecture);

    /** Selects the architecture the next forward passes run (refused as in {@link #check}). */
    void setPath(Architecture architecture);

    /** Logits of a batch (N, C, H, W) through the current path; {@code training} as in a DJL block. */
    NDArray forward(NDArray x, boolean training);

    /**
     * The DJL parameters the current path uses; those that require a gradient are what a training step on this
     * path updates (an implementation may also list BatchNorm running statistics, which do not).
     */
    List<Parameter> pathParameters();

    /** The BatchNorm running statistics of the current path, in forward order. */
    List<RunningStatistics> pathStatistics();

    /** The network stand-alone training builds for this architecture, not initialized (for its costs). */
    Block standalone(Architecture architecture);

    /**
     * {@link #standalone} initialized in {@code manager} and holding copies of the weights and BatchNorm statistics
     * the architecture inherits: its outputs equal this supernet's on that path.
     */
    Block extract(Architecture architecture, NDManager manager);

    /** Weights of the whole supernet (every option of every choice), running statistics excluded. */
    long parameterCount();

    /** Whether every choice can take any of its options whatever the others took (FairNAS needs it). */
    default boolean independentChoices() {
        return independentChoices(space());
    }

    /**
     * The architecture with the most (or, {@code largest = false}, the fewest) weights, for the sandwich rule;
     * only where {@link #independentChoices()}.
     */
    Architecture extreme(boolean largest);

    @Override
    void close();

    /**
     * The running mean and variance of one BatchNorm layer as a path uses them (for a sliced layer, its first
     * channels).
     */
    interface RunningStatistics {
        /** A copy of the current running mean, owned by the caller (attach it to a manager that closes). */
        NDArray mean();

        /** A copy of the current running variance, owned by the caller. */
        NDArray variance();

        /** Overwrites both with these values. */
        void set(NDArray mean, NDArray variance);

        /** Weight of the old statistics in a training-mode update: {@code new = m * old + (1 - m) * batch}. */
        float momentum();

        /** The statistics of a DJL BatchNorm layer. */
        static RunningStatistics of(ai.djl.nn.norm.BatchNorm bn) {
            Parameter[] p = BatchNormRecalibration.runningStats(bn);
            float m = BatchNormRecalibration.momentum(bn);
            return new RunningStatistics() {
                @Override
                public NDArray mean() {
                    return p[0].getArray().duplicate();
                }

                @Override
                public NDArray variance() {
                    return p[1].getArray().duplicate();
                }

                @Override
                public void set(NDArray mean, NDArray variance) {
                    p[0].getArray().subi(p[0].getArray()).addi(mean);
                    p[1].getArray().subi(p[1].getArray()).addi(variance);
                }

                @Override
                public float momentum() {
                    return m;
                }
            };
        }

        /**
         * The first {@code channels} entries of a sliced supernet's full-width running statistics (elastic chain
         * stages, the transformer's conv stem).
         */
        static RunningStatistics leadingSlice(NDArray mean, NDArray variance, int channels, float momentum) {
            var first = new ai.djl.ndarray.index.NDIndex(":" + channels);
            return new RunningStatistics() {
                @Override
                public NDArray mean() {
                    return mean.get(first);
                }

                @Override
                public NDArray variance() {
                    return variance.get(first);
                }

                @Override
                public void set(NDArray newMean, NDArray newVariance) {
                    mean.set(first, newMean);
                    variance.set(first, newVariance);
                }

                @Override
                public float momentum() {
                    return momentum;
                }
            };
        }
    }

    /** A weight of a sliced supernet: a named parameter holding {@code value}, which records its gradient. */
    static Parameter trainableWeight(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value);
        value.setRequiresGradient(true);
        return p;
    }

    /** The supernet of a space, weights initialized from {@code seed}; refuses a space without one, naming it. */
    static OneShotSupernet create(SearchSpace space, SupernetShape shape, long seed, NDManager manager) {
        return SupernetKinds.of(space).create(space, shape, seed, manager);
    }

    /** Refuses, naming a choice, a space that has no weight-shared form, before anything is allocated. */
    static void requireShareable(SearchSpace space) {
        SupernetKinds.of(space);
    }

    /**
     * Refuses, with its sample shown, an architecture whose sample is not in {@code space}: every supernet checks
     * this before it selects a path.
     */
    static void requireInSpace(SearchSpace space, Architecture architecture) {
        try {
            space.validate(architecture.sample());
        } catch (SpaceDefinitionException e) {
            throw new IllegalArgumentException("architecture " + architecture.sample() + " is not in the supernet's"
                    + " space '" + space.name() + "': " + e.getMessage(), e);
        }
    }

    /** Whether every choice of the space is independent of the others (cell and chain spaces; not DARTS genotypes). */
    static boolean independentChoices(SearchSpace space) {
        return SupernetKinds.of(space).independentChoices(space);
    }
}
