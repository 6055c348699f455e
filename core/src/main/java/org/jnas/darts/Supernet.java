package org.jnas.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.space.Cell;
import org.jnas.space.CellArchitecture;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;

/**
 * A cell space turned into one differentiable network: every choice edge is a {@link MixedOp} over the space's
 * own candidates, inside the space's usual macro skeleton ({@link CellNetwork}). The architecture parameters
 * (alphas, one matrix per cell type; PC-DARTS' edge betas) are plain arrays outside the block's parameters, so the
 * weight optimizer never sees them and they get their own.
 *
 * <p>Everything about the space (skeleton cells, cell types, candidates) comes from {@link DifferentiableSpace}:
 * {@code "normal"} and {@code "reduce"} for the DARTS space, {@code "cell"} for a cell space like NAS-Bench-201's.
 */
public final class Supernet implements AutoCloseable {

    /** The mixed edges of one cell type. */
    public record CellType(String name, List<Cell.Edge> edges, List<String> candidates) {
        public CellType {
            edges = List.copyOf(edges);
            candidates = List.copyOf(candidates);
        }

        /** Edge labels {@code "i->j"}, in alpha row order. */
        public List<String> edgeLabels() {
            return edges.stream().map(e -> DifferentiableSpace.edgeLabel(e.from(), e.to())).toList();
        }
    }

    /**
     * The weight-sharing layout of a cell space, shared by DARTS and the one-shot supernet: the macro skeleton
     * whose edges are all {@code "mixed"} (every candidate on every edge), and the cell types with their edges and
     * candidates.
     *
     * @param network    the skeleton to build with {@link CellNetwork} (edge ops are placeholders)
     * @param types      the cell types by name, in order
     * @param typeOfCell the cell type of each skeleton cell, by the skeleton cell's name
     */
    public record Skeleton(CellArchitecture network, Map<String, CellType> types, Map<String, String> typeOfCell) {
        public Skeleton {
            types = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(types));
            typeOfCell = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(typeOfCell));
        }

        /** The cell type a skeleton cell belongs to (skeleton cells may share a type). */
        public String typeOf(Cell cell) {
            return typeOfCell.get(cell.name());
        }

        /** The skeleton style: DARTS for two-input cells, else NAS-Bench-201. */
        public CellNetwork.Style style() {
            return network.cells().get(0).inputs() == 2 ? CellNetwork.Style.DARTS : CellNetwork.Style.NASBENCH201;
        }
    }

    /** Where mixed ops read their weights during a forward pass. */
    interface WeightSource {
        NDArray weight(String cellType, int edge, int candidate);
    }

    private final SearchSpace space;
    private final SupernetShape shape;
    private final Map<String, CellType> types = new LinkedHashMap<>();
    private final NDManager manager;
    private final Block network;
    private final Map<String, NDArray> alphas = new LinkedHashMap<>();
    private final Map<String, NDArray> betas = new LinkedHashMap<>();
    private final List<Parameter> trainable = new ArrayList<>();
    private final ParameterStore store;
    private Map<String, NDList> current = Map.of();

    /**
     * Builds and initializes the supernet; seed the engine first for reproducible weights.
     *
     * @param space   a {@link DifferentiableSpace} (DARTS, NAS-Bench-201, your own cell space)
     * @param shape   sizes
     * @param batch   batch size the shapes are initialized with (any batch works afterwards)
     * @param parent  manager the weights and alphas live in (closed with this supernet)
     */
    public Supernet(SearchSpace space, SupernetShape shape, int batch, NDManager parent) {
        this.space = space;
        this.shape = shape;
        Skeleton layout = skeletonOf(space);
        types.putAll(layout.types());
        CellArchitecture skeleton = layout.network();
        this.manager = parent.newSubManager();
        WeightSource source = (type, edge, k) -> current.get(type).get(edge * types.get(type).candidates().size()
                + k);
        CellNetwork.EdgeFactory factory = (cell, edge, channels, stride) -> {
            String type = layout.typeOf(cell);
            int index = cell.edges().indexOf(edge);
            return new MixedOp(source, type, index, types.get(type).candidates(), channels, stride,
                    shape.partialChannels());
        };
        CellNetwork.Style style = layout.style();
        network = CellNetwork.builder().style(style).channels(shape.channels()).cells(shape.cells())
                .cellsPerStage(shape.cellsPerStage()).stemMultiplier(shape.stemMultiplier())
                .inputChannels(shape.inputChannels()).classes(shape.classes()).affine(false).edges(factory)
                .build(skeleton);
        network.initialize(manager, DataType.FLOAT32,
                new Shape(batch, shape.inputChannels(), shape.height(), shape.width()));
        for (var p : network.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p.getValue());
            }
        }
        for (CellType t : types.values()) {
            NDArray a = manager.randomNormal(0f, 1e-3f, new Shape(t.edges().size(), t.candidates().size()),
                    DataType.FLOAT32);
            a.setRequiresGradient(true);
            alphas.put(t.name(), a);
            if (shape.edgeNormalization()) {
                NDArray b = manager.randomNormal(0f, 1e-3f, new Shape(t.edges().size()), DataType.FLOAT32);
                b.setRequiresGradient(true);
                betas.put(t.name(), b);
            }
        }
        store = new ParameterStore(manager, false);
    }

    /**
     * The weight-sharing layout of a {@link DifferentiableSpace}; any other space, or cells with other than one or
     * two inputs, is refused with a {@link SpaceDefinitionException} naming it.
     */
    public static Skeleton skeletonOf(SearchSpace space) {
        DifferentiableSpace d = DifferentiableSpace.require(space, "a DARTS or one-shot supernet");
        List<Cell> cells = d.mixedCells();
        for (Cell c : cells) {
            if (c.inputs() != 1 && c.inputs() != 2) {
                throw new SpaceDefinitionException("a supernet needs cells with 1 input (NAS-Bench-201 skeleton) or"
                        + " 2 inputs (DARTS skeleton); cell '" + c.name() + "' of space '" + d.name() + "' has "
                        + c.inputs());
            }
        }
        var types = new LinkedHashMap<String, CellType>();
        var typeOfCell = new LinkedHashMap<String, String>();
        for (Cell c : cells) {
            String type = d.cellTypeOf(c.name());
            typeOfCell.put(c.name(), type);
            types.putIfAbsent(type, new CellType(type, c.edges(), d.candidates()));
        }
        return new Skeleton(new CellArchitecture(Sample.of(Map.of()), cells), types, typeOfCell);
    }

    /**
     * The logits of a batch. The mixing weights are computed once per call in {@code step} (a per-step manager
     * the caller closes), from the alphas as they are, or cut from the graph when {@code archGradient} is false.
     */
    public NDArray forward(NDManager step, NDArray x, boolean training, boolean archGradient) {
        var weights = new LinkedHashMap<String, NDList>();
        for (CellType t : types.values()) {
            NDArray w = mixingWeights(step, t, archGradient);
            NDList scalars = w.reshape(-1).split(w.size());
            scalars.attach(step);
            weights.put(t.name(), scalars);
        }
        current = weights;
        try {
            return network.forward(store, new NDList(x), training).singletonOrThrow();
        } finally {
            current = Map.of();
        }
    }

    /** softmax(alpha) per edge, times softmax(beta) over each node's incoming edges when edges are normalized. */
    private NDArray mixingWeights(NDManager step, CellType t, boolean archGradient) {
        NDArray alpha = alphas.get(t.name());
        NDArray a = archGradient ? alpha : attach(step, alpha.stopGradient());
        NDArray w = attach(step, a.softmax(-1));
        if (!shape.edgeNormalization()) {
            return w;
        }
        NDArray beta = betas.get(t.name());
        NDArray b = archGradient ? beta : attach(step, beta.stopGradient());
        NDList perNode = new NDList();
        int start = 0;
        while (start < t.edges().size()) {
            int node = t.edges().get(start).to();
            int end = start;
            while (end < t.edges().size() && t.edges().get(end).to() == node) {
                end++;
            }
            NDArray slice = attach(step, b.get(start + ":" + end));
            perNode.add(attach(step, slice.softmax(0)));
            start = end;
        }
        NDArray edgeWeights = attach(step, NDArrays.concat(perNode, 0).reshape(-1, 1));
        return attach(step, w.mul(edgeWeights));
    }

    private static NDArray attach(NDManager step, NDArray a) {
        a.attach(step);
        return a;
    }

    /** The mixing weights as plain numbers: per cell type, [edge][candidate] (softmax, times edge weight). */
    public Map<String, double[][]> weights() {
        var out = new LinkedHashMap<String, double[][]>();
        try (NDManager tmp = manager.newSubManager()) {
            for (CellType t : types.values()) {
                float[] flat = mixingWeights(tmp, t, false).toFloatArray();
                out.put(t.name(), toMatrix(flat, t.edges().size(), t.candidates().size()));
            }
        }
        return out;
    }

    /** The softmax of the alphas alone, per cell type [edge][candidate]: what alpha plots show. */
    public Map<String, double[][]> alphaSoftmax() {
        var out = new LinkedHashMap<String, double[][]>();
        try (NDManager tmp = manager.newSubManager()) {
            for (CellType t : types.values()) {
                float[] flat = attach(tmp, attach(tmp, alphas.get(t.name()).stopGradient()).softmax(-1))
                        .toFloatArray();
                out.put(t.name(), toMatrix(flat, t.edges().size(), t.candidates().size()));
            }
        }
        return out;
    }

    static double[][] toMatrix(float[] flat, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = flat[i * cols + j];
            }
        }
        return m;
    }

    /** The architecture the current weights point to, a sample of the searched space. */
    public Sample derive() {
        return Derivation.derive(space, this, weights());
    }

    /** Overwrites the alphas of one cell type (rows = edges, columns = candidates): warm starts, tests. */
    public void setAlphas(String cellType, double[][] values) {
        CellType t = cellType(cellType);
        if (values.length != t.edges().size() || values[0].length != t.candidates().size()) {
            throw new IllegalArgumentException("alphas for '" + cellType + "' must be " + t.edges().size() + " x "
                    + t.candidates().size() + " (edges x candidates " + t.candidates() + ")");
        }
        float[] flat = new float[t.edges().size() * t.candidates().size()];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                flat[i * values[i].length + j] = (float) values[i][j];
            }
        }
        alphas.get(cellType).set(flat);
    }

    public CellType cellType(String name) {
        CellType t = types.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no cell type '" + name + "'; this supernet has " + types.keySet());
        }
        return t;
    }

    public Map<String, CellType> cellTypes() {
        return types;
    }

    public SearchSpace space() {
        return space;
    }

    public SupernetShape shape() {
        return shape;
    }

    /** The architecture parameters: alphas, then betas, by name ({@code alpha/normal}, {@code beta/normal}). */
    public Map<String, NDArray> architectureParameters() {
        var all = new LinkedHashMap<String, NDArray>();
        alphas.forEach((k, v) -> all.put("alpha/" + k, v));
        betas.forEach((k, v) -> all.put("beta/" + k, v));
        return all;
    }

    /** The weights the weight optimizer trains (BatchNorm running statistics excluded). */
    public List<Parameter> trainableWeights() {
        return trainable;
    }

    public long weightCount() {
        return trainable.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /** Stops (or restarts) gradients of the trainable weights: exactly those, never BatchNorm's statistics. */
    public void setWeightsRequireGradient(boolean on) {
        for (Parameter p : trainable) {
            p.getArray().setRequiresGradient(on);
        }
    }

    public Block network() {
        return network;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
