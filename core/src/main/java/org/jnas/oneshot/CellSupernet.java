package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.darts.Supernet;
import org.jnas.darts.SupernetShape;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.eval.djl.SeededInitializer;
import org.jnas.space.Architecture;
import org.jnas.space.Cell;
import org.jnas.space.CellArchitecture;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;

/**
 * One network that contains every architecture of a cell space: each edge of the space's macro skeleton holds all
 * its candidate ops ({@link SinglePathEdge}, the {@link org.jnas.ops.CandidateEdge} DARTS' mixed op is built on),
 * and a forward pass runs the single path that {@link #setPath} chose. An architecture's network is therefore a
 * sub-network of the supernet: {@link #extract} copies its inherited weights into a stand-alone network that gives
 * the same outputs.
 *
 * <p>Weights follow the same skeleton as stand-alone training ({@link CellNetwork}, BatchNorm affine), so what the
 * supernet learns is what a candidate would start from; only the BatchNorm statistics differ per path, which is why
 * scoring recalibrates them ({@link BatchNormRecalibration}).
 *
 * <p>Spaces: {@link CellSpace} (every edge an independent choice; one-input cells use the NAS-Bench-201
 * skeleton, two-input cells the DARTS one) and {@link DartsSpace} (every (earlier node, node) pair is an edge with
 * {@code none} among its candidates; a genotype's unchosen pairs run {@code none}). Others are refused by name.
 */
public final class CellSupernet implements OneShotSupernet {
    private final SearchSpace space;
    private final SupernetShape shape;
    private final Supernet.Skeleton layout;
    private final NDManager manager;
    private final Block network;
    private final ParameterStore store;
    private final List<SinglePathEdge> edges = new ArrayList<>();
    private final Map<String, int[]> path = new LinkedHashMap<>();

    /**
     * Builds the supernet and initializes its weights from {@code seed} ({@link SeededInitializer}, as stand-alone
     * training does).
     *
     * @param space  a {@link CellSpace} or {@link DartsSpace}
     * @param shape  sizes; partial channels must be off (K=1): a single path has nothing to save there
     * @param seed   weight initialization seed
     * @param parent manager the weights live in (closed with this supernet)
     */
    public CellSupernet(SearchSpace space, SupernetShape shape, long seed, NDManager parent) {
        this.space = space;
        this.shape = shape;
        if (shape.partialChannels() != 1) {
            throw new IllegalArgumentException("a one-shot supernet runs one candidate per edge, so partial channels"
                    + " (K=" + shape.partialChannels() + ") save nothing: use withPartialChannels(1, false)");
        }
        this.layout = skeleton(space);
        for (var t : layout.types().values()) {
            path.put(t.name(), new int[t.edges().size()]);
        }
        SinglePathEdge.PathSource source = (type, edge) -> path.get(type)[edge];
        CellNetwork.EdgeFactory factory = (cell, edge, channels, stride) -> {
            String type = layout.typeOf(cell);
            int index = cell.edges().indexOf(edge);
            var e = new SinglePathEdge(source, type, index, layout.types().get(type).candidates(), channels,
                    stride);
            edges.add(e);
            return e;
        };
        network = builder().edges(factory).build(layout.network());
        this.manager = parent.newSubManager();
        network.initialize(manager, DataType.FLOAT32, inputShape(2));
        checkSharedShapes();
        SeededInitializer.apply(network, seed);
        store = new ParameterStore(manager, false);
    }

    /** Refuses, naming a choice, a space whose choices have no weight-shared form here; returns its layout. */
    static Supernet.Skeleton requireShareable(SearchSpace space) {
        return skeleton(space);
    }

    private static Supernet.Skeleton skeleton(SearchSpace space) {
        if (!(space instanceof DifferentiableSpace)) {
            String first = space.choices().isEmpty() ? "(none)" : space.choices().get(0).label();
            throw new SpaceDefinitionException("the one-shot supernet shares weights between the candidate ops of a"
                    + " cell edge; space '" + space.name() + "' (" + space.getClass().getSimpleName() + ") is not a"
                    + " cell space, so its choices (first: '" + first + "') have no shared form here. Use a CellSpace"
                    + " or DartsSpace, or a stand-alone evaluator (Evaluators.train) for this space.");
        }
        return Supernet.skeletonOf(space);
    }

    /** Every candidate must keep its edge's output shape, or it cannot share the edge: refused naming it. */
    private void checkSharedShapes() {
        // probed with a small input: a candidate that changed channels or ignored the stride shows at once
        for (SinglePathEdge e : edges) {
            for (int k = 0; k < e.candidates().size(); k++) {
                Block b = e.block(k);
                if (b == null) {
                    continue;
                }
                Shape probe = new Shape(1, e.channels(), 8, 8);
                Shape got = b.getOutputShapes(new Shape[] {probe})[0];
                Shape want = e.getOutputShapes(new Shape[] {probe})[0];
                if (!got.equals(want)) {
                    throw new SpaceDefinitionException("operation '" + e.candidates().get(k) + "' on edge "
                            + layout.types().get(e.cellType()).edgeLabels().get(e.edge()) + " of cell type '"
                            + e.cellType() + "' of space '" + space.name() + "' turns " + probe + " into " + got
                            + " where the edge needs " + want + ": it cannot share the edge. A cell op must keep"
                            + " the channel count and apply the edge's stride (see CellOp.Factory).");
                }
            }
        }
    }

    /** The stand-alone network builder with this supernet's skeleton settings (edges left to the caller). */
    CellNetwork.Builder builder() {
        return CellNetwork.builder().style(layout.style()).channels(shape.channels()).cells(shape.cells())
                .cellsPerStage(shape.cellsPerStage()).stemMultiplier(shape.stemMultiplier())
                .inputChannels(shape.inputChannels()).classes(shape.classes()).affine(true);
    }

    Shape inputShape(int batch) {
        return new Shape(batch, shape.inputChannels(), shape.height(), shape.width());
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    public SupernetShape shape() {
        return shape;
    }

    public Block network() {
        return network;
    }

    NDManager manager() {
        return manager;
    }

    /** Weights and BatchNorm statistics of the whole supernet (every candidate of every edge). */
    @Override
    public long parameterCount() {
        return network.getParameters().values().stream().filter(p -> p.getType() != Parameter.Type.RUNNING_MEAN
                && p.getType() != Parameter.Type.RUNNING_VAR).mapToLong(p -> p.getArray().size()).sum();
    }

    // ---- paths ----

    /**
     * The single path of an architecture: per cell type, the candidate index of every supernet edge. An
     * architecture from another space, or one whose ops the edges do not hold, is refused with its sample shown.
     */
    public Map<String, int[]> pathOf(Architecture architecture) {
        Sample sample = architecture.sample();
        OneShotSupernet.requireInSpace(space, architecture);
        if (!(architecture instanceof CellArchitecture cells)) {
            throw new IllegalArgumentException("architecture " + sample + " is a "
                    + architecture.getClass().getSimpleName() + ", not a cell architecture of space '"
                    + space.name() + "'");
        }
        var out = new LinkedHashMap<String, int[]>();
        for (var t : layout.types().values()) {
            Cell frozen = cells.cell(t.name()); // a differentiable space names each frozen cell by its type
            int[] chosen = new int[t.edges().size()];
            Arrays.fill(chosen, -1);
            for (Cell.Edge e : frozen.edges()) {
                int index = indexOf(t, e.from(), e.to());
                if (index < 0 || chosen[index] >= 0) {
                    throw new IllegalArgumentException("architecture " + sample + " has " + (index < 0
                            ? "an edge " + e.from() + "->" + e.to() + " the supernet lacks"
                            : "two ops on edge " + e.from() + "->" + e.to()) + " in cell '" + t.name() + "'");
                }
                int k = t.candidates().indexOf(e.op());
                if (k < 0) {
                    throw new IllegalArgumentException("architecture " + sample + " uses op '" + e.op() + "' on edge "
                            + e.from() + "->" + e.to() + ", which the supernet's edges do not hold: "
                            + t.candidates());
                }
                chosen[index] = k;
            }
            int none = t.candidates().indexOf("none");
            for (int i = 0; i < chosen.length; i++) {
                if (chosen[i] < 0) {
                    if (none < 0) {
                        throw new IllegalArgumentException("architecture " + sample + " leaves edge "
                                + t.edgeLabels().get(i) + " of cell '" + t.name() + "' without an op");
                    }
                    chosen[i] = none;
                }
            }
            out.put(t.name(), chosen);
        }
        return out;
    }

    private static int indexOf(Supernet.CellType t, int from, int to) {
        for (int i = 0; i < t.edges().size(); i++) {
            if (t.edges().get(i).from() == from && t.edges().get(i).to() == to) {
                return i;
            }
        }
        return -1;
    }

    /** Selects the path the next forward passes run. */
    public void setPath(Map<String, int[]> chosen) {
        for (var e : chosen.entrySet()) {
            int[] target = path.get(e.getKey());
            if (target == null || target.length != e.getValue().length) {
                throw new IllegalArgumentException("path for cell type '" + e.getKey() + "' does not fit this"
                        + " supernet (cell types " + path.keySet() + ")");
            }
            System.arraycopy(e.getValue(), 0, target, 0, target.length);
        }
    }

    @Override
    public void setPath(Architecture architecture) {
        setPath(pathOf(architecture));
    }

    @Override
    public void check(Architecture architecture) {
        pathOf(architecture);
    }

    /** Cell types with their edges and candidates. */
    public Map<String, Supernet.CellType> cellTypes() {
        return layout.types();
    }

    /**
     * The architecture whose every edge runs its candidate with the most (or, {@code largest = false}, the fewest)
     * weights; ties go to the candidate listed first. Only for a {@link CellSpace} (independent edges).
     */
    @Override
    public Architecture extreme(boolean largest) {
        if (!(space instanceof CellSpace cs)) {
            throw new IllegalStateException("the largest and smallest paths need independent edges (a CellSpace)");
        }
        var values = new LinkedHashMap<String, Object>();
        for (var t : layout.types().values()) {
            for (int i = 0; i < t.edges().size(); i++) {
                SinglePathEdge e = firstEdge(t.name(), i);
                long best = largest ? -1 : Long.MAX_VALUE;
                int chosen = 0;
                for (int k = 0; k < t.candidates().size(); k++) {
                    long n = e.block(k) == null ? 0 : e.block(k).getParameters().values().stream()
                            .filter(Parameter::requiresGradient).mapToLong(p -> p.getArray().size()).sum();
                    if (largest ? n > best : n < best) {
                        best = n;
                        chosen = k;
                    }
                }
                values.put(CellSpace.label(t.edges().get(i).from(), t.edges().get(i).to()),
                        t.candidates().get(chosen));
            }
        }
        return cs.freeze(Sample.of(values));
    }

    private SinglePathEdge firstEdge(String type, int index) {
        return edges.stream().filter(e -> e.cellType().equals(type) && e.edge() == index).findFirst()
                .orElseThrow();
    }

    // ---- forward, parameters on a path ----

    @Override
    public NDArray forward(NDArray x, boolean training) {
        return network.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * The parameters the current path uses (BatchNorm running statistics included), in the order a stand-alone
     * network of it lists its own.
     */
    @Override
    public List<Parameter> pathParameters() {
        var out = new ArrayList<Parameter>();
        collect(network, out, null);
        return out;
    }

    @Override
    public List<RunningStatistics> pathStatistics() {
        return pathBatchNorms().stream().map(RunningStatistics::of).toList();
    }

    /** The BatchNorm layers the current path runs through. */
    public List<BatchNorm> pathBatchNorms() {
        var out = new ArrayList<BatchNorm>();
        collect(network, null, out);
        return out;
    }

    private static void collect(Block b, List<Parameter> params, List<BatchNorm> norms) {
        if (b instanceof SinglePathEdge e) {
            Block active = e.active();
            if (active != null) {
                collect(active, params, norms);
            }
            return;
        }
        if (norms != null && b instanceof BatchNorm bn) {
            norms.add(bn);
        }
        if (params != null) {
            params.addAll(b.getDirectParameters().values());
        }
        for (Block child : b.getChildren().values()) {
            collect(child, params, norms);
        }
    }

    static Map<String, int[]> copy(Map<String, int[]> p) {
        var out = new LinkedHashMap<String, int[]>();
        p.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /**
     * A stand-alone network of the architecture (the same skeleton as {@link CellNetwork} builds for stand-alone
     * training, with this supernet's sizes) holding copies of the weights and BatchNorm statistics it inherits:
     * its outputs equal the supernet's on that path. For fine-tuning from inherited weights, and for checking the
     * supernet.
     *
     * @param manager where the copy lives
     */
    @Override
    public Block extract(Architecture architecture, NDManager manager) {
        Map<String, int[]> saved = copy(path);
        setPath(architecture);
        try {
            Block standalone = builder().edges(CellNetwork.discreteEdges(true)).build(
                    (CellArchitecture) architecture);
            standalone.initialize(manager, DataType.FLOAT32, inputShape(2));
            List<Parameter> mine = pathParameters();
            List<Parameter> theirs = new ArrayList<>(standalone.getParameters().values());
            if (mine.size() != theirs.size()) {
                throw new IllegalStateException("the stand-alone network of " + architecture.sample() + " has "
                        + theirs.size() + " parameters but its supernet path " + mine.size());
            }
            for (int i = 0; i < mine.size(); i++) {
                NDArray from = mine.get(i).getArray();
                NDArray to = theirs.get(i).getArray();
                if (!from.getShape().equals(to.getShape())) {
                    throw new IllegalStateException("parameter " + theirs.get(i).getName() + " of the stand-alone"
                            + " network has shape " + to.getShape() + ", its supernet counterpart " + from.getShape());
                }
                to.set(from.toFloatArray());
            }
            return standalone;
        } finally {
            setPath(saved);
        }
    }

    @Override
    public Block standalone(Architecture architecture) {
        return builder().edges(CellNetwork.discreteEdges(true)).build((CellArchitecture) architecture);
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "CellSupernet(" + space.name() + ", C=" + shape.channels() + ", " + parameterCount()
                + " weights)";
    }
}
