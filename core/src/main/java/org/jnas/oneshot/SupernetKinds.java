package org.jnas.oneshot;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.jnas.darts.MemoryEstimate;
import org.jnas.darts.SupernetShape;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.CellSpace;
import org.jnas.space.ChainSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.space.TransformerSpace;
import org.jnas.space.TunedSpace;
import org.jnas.util.Registry;

/** The registered {@link SupernetKind}s: the one place that maps a space to its weight sharing. */
public final class SupernetKinds {
    private static final Registry<SupernetKind> KINDS = new Registry<>("supernet kind",
            "SupernetKinds.register(name, kind)", SpaceDefinitionException::new);

    static {
        register("cell", new Cells());
        register("chain", new Chains());
        register("transformer", new Transformers());
    }

    private SupernetKinds() {
    }

    /** Adds (or replaces) a kind; see {@link SupernetKind} for the checklist. */
    public static void register(String name, SupernetKind kind) {
        KINDS.register(name, kind);
    }

    /** The names of the registered kinds, in registration order. */
    public static List<String> names() {
        return KINDS.names();
    }

    /**
     * The kind that serves {@code space}, its options checked ({@link SupernetKind#requireShareable}); refuses a
     * space no kind serves, or one that carries training choices, saying what to use instead.
     */
    public static SupernetKind of(SearchSpace space) {
        if (space instanceof TunedSpace tuned) { // a wrapper of any kind of space: its training choices never share
            throw new SpaceDefinitionException(tunedRefusal(tuned));
        }
        for (SupernetKind kind : KINDS.entries()) {
            if (kind.serves(space)) {
                kind.requireShareable(space);
                return kind;
            }
        }
        String first = space.choices().isEmpty() ? "(none)" : space.choices().get(0).label();
        throw new SpaceDefinitionException("no one-shot supernet shares the weights of space '" + space.name()
                + "' (" + space.getClass().getSimpleName() + "): the registered kinds " + KINDS.names()
                + " serve cell and DARTS spaces, chain spaces and transformer spaces, so its choices (first: '"
                + first + "') have no shared form here. Use a stand-alone evaluator (Evaluators.train) for this"
                + " space, or add weight sharing for it (SupernetKinds.register, checklist in SupernetKind).");
    }

    /**
     * Training choices have no shared form: one supernet is trained once with the evaluator's recipe, so a
     * candidate's learning rate, batch size or epochs would be ignored and its score blind to them.
     */
    private static String tunedRefusal(TunedSpace tuned) {
        var labels = tuned.hyperparameters().choices().stream().map(c -> "'" + c.label() + "'").toList();
        String training = labels.isEmpty() ? "settings " + tuned.hyperparameters() : "choices " + labels;
        return "space '" + tuned.name() + "' carries training " + training + " (withHyperparameters), but a"
                + " one-shot supernet trains every candidate at once with the evaluator's own recipe (optimizer,"
                + " epochs, batch size), so those choices would be ignored and every score blind to them: they have no"
                + " shared form. Search the architecture one-shot on the space without them (Evaluators.oneShot("
                + "tuned.architecture(), data)), and the training choices with a stand-alone evaluator"
                + " (Evaluators.train), which reads them.";
    }

    /** Cell and DARTS spaces: every edge of the cell holds all its candidate ops ({@link CellSupernet}). */
    private static final class Cells implements SupernetKind {
        @Override
        public boolean serves(SearchSpace space) {
            return space instanceof DifferentiableSpace;
        }

        @Override
        public void requireShareable(SearchSpace space) {
            CellSupernet.requireShareable(space);
        }

        @Override
        public OneShotSupernet create(SearchSpace space, SupernetShape shape, long seed, NDManager manager) {
            return new CellSupernet(space, shape, seed, manager);
        }

        @Override
        public OneShotMemory memory(SearchSpace space, SupernetShape shape, int batch) {
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

        @Override
        public String skeleton(SearchSpace space, SupernetShape shape) {
            return "C=" + shape.channels() + " " + (space instanceof DartsSpace ? shape.cells() + " cells"
                    : shape.cellsPerStage() + " cell(s)/stage");
        }

        @Override
        public boolean independentChoices(SearchSpace space) {
            return space instanceof CellSpace; // a DARTS genotype picks inputs per node: its choices depend
        }
    }

    /** Chain spaces: elastic depth, width, kernel and expansion ({@link ChainSupernet}). */
    private static final class Chains implements SupernetKind {
        @Override
        public boolean serves(SearchSpace space) {
            return space instanceof ChainSpace;
        }

        @Override
        public void requireShareable(SearchSpace space) {
            ChainSupernet.requireShareable((ChainSpace) space);
        }

        @Override
        public OneShotSupernet create(SearchSpace space, SupernetShape shape, long seed, NDManager manager) {
            return new ChainSupernet((ChainSpace) space, shape, seed, manager);
        }

        @Override
        public OneShotMemory memory(SearchSpace space, SupernetShape shape, int batch) {
            return ChainSupernet.memory((ChainSpace) space, shape, batch);
        }

        @Override
        public String skeleton(SearchSpace space, SupernetShape shape) {
            ChainSpace chain = (ChainSpace) space;
            return "chain stem " + chain.stem() + ", " + chain.stages().size() + " elastic stage(s)";
        }

        @Override
        public boolean independentChoices(SearchSpace space) {
            return true;
        }
    }

    /** Transformer spaces: entangled widths, heads, MLP ratios and depths ({@link TransformerSupernet}). */
    private static final class Transformers implements SupernetKind {
        @Override
        public boolean serves(SearchSpace space) {
            return space instanceof TransformerSpace;
        }

        @Override
        public void requireShareable(SearchSpace space) {
            // every option (width, heads, MLP ratio, depth, patch, stem) has an entangled form
        }

        @Override
        public OneShotSupernet create(SearchSpace space, SupernetShape shape, long seed, NDManager manager) {
            return new TransformerSupernet((TransformerSpace) space, shape, seed, manager);
        }

        @Override
        public OneShotMemory memory(SearchSpace space, SupernetShape shape, int batch) {
            return TransformerSupernet.memory((TransformerSpace) space, shape, batch);
        }

        @Override
        public String skeleton(SearchSpace space, SupernetShape shape) {
            TransformerSpace vit = (TransformerSpace) space;
            return "entangled ViT width " + vit.widths().stream().mapToInt(Integer::intValue).max().orElseThrow()
                    + ", " + vit.maxDepth() + " layer(s)";
        }

        @Override
        public boolean independentChoices(SearchSpace space) {
            return true;
        }
    }
}
