package org.jnas.eval.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jnas.space.Cell;

/**
 * One cell as a DJL block: its inputs (each through an optional preprocessing block), then each intermediate node
 * as the sum of its incoming edge blocks, then the concatenation of the output nodes along channels.
 *
 * <p>Edge blocks come from a {@link CellNetwork.EdgeFactory}, so the same block serves a discrete cell and a DARTS
 * supernet's mixed cell. A factory may return {@code null} for an edge that contributes nothing (the {@code none}
 * op): it is never computed; a node whose every edge is absent is zeros.
 */
public final class CellBlock extends AbstractBlock {
    private final Cell cell;
    private final boolean reduction;
    private final List<Block> pre = new ArrayList<>();
    private final List<Block> edgeBlocks = new ArrayList<>(); // parallel to cell.edges(); null = absent

    /**
     * @param cell          the frozen cell (its edges in order)
     * @param preprocessing one block per cell input (identity allowed), bringing it to the cell's channel count
     * @param reduction     whether edges leaving the cell inputs use stride 2
     * @param channels      channels of every node
     * @param factory       builds each edge's block
     */
    public CellBlock(Cell cell, List<Block> preprocessing, boolean reduction, int channels,
                     CellNetwork.EdgeFactory factory) {
        this.cell = cell;
        this.reduction = reduction;
        if (preprocessing.size() != cell.inputs()) {
            throw new IllegalArgumentException("cell '" + cell.name() + "' has " + cell.inputs() + " inputs but "
                    + preprocessing.size() + " preprocessing blocks were given");
        }
        for (int i = 0; i < preprocessing.size(); i++) {
            pre.add(addChildBlock("pre" + i, preprocessing.get(i)));
        }
        for (Cell.Edge e : cell.edges()) {
            Block b = factory.create(cell, e, channels, stride(e));
            edgeBlocks.add(b == null ? null : addChildBlock("edge_" + e.from() + "_" + e.to(), b));
        }
    }

    public Cell cell() {
        return cell;
    }

    public boolean reduction() {
        return reduction;
    }

    /** The edge blocks, parallel to {@code cell().edges()}; null where the edge is absent. */
    public List<Block> edgeBlocks() {
        return edgeBlocks;
    }

    private int stride(Cell.Edge e) {
        return reduction && e.from() < cell.inputs() ? 2 : 1;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray[] states = new NDArray[cell.totalNodes()];
        for (int i = 0; i < cell.inputs(); i++) {
            states[i] = pre.get(i).forward(ps, new NDList(inputs.get(i)), training, params).singletonOrThrow();
        }
        List<Cell.Edge> edges = cell.edges();
        for (int n = cell.inputs(); n < cell.totalNodes(); n++) {
            NDArray sum = null;
            Cell.Edge first = null;
            for (int k = 0; k < edges.size(); k++) {
                Cell.Edge e = edges.get(k);
                if (e.to() != n) {
                    continue;
                }
                first = first == null ? e : first;
                Block b = edgeBlocks.get(k);
                if (b == null) {
                    continue;
                }
                NDArray out = b.forward(ps, new NDList(states[e.from()]), training, params).singletonOrThrow();
                sum = sum == null ? out : sum.add(out);
            }
            states[n] = sum != null ? sum : zerosFrom(states[first.from()], stride(first));
        }
        List<Integer> outs = cell.outputs();
        if (outs.size() == 1) {
            return new NDList(states[outs.get(0)]);
        }
        NDList parts = new NDList(outs.size());
        for (int o : outs) {
            parts.add(states[o]);
        }
        return new NDList(ai.djl.ndarray.NDArrays.concat(parts, 1));
    }

    private static NDArray zerosFrom(NDArray like, int stride) {
        Shape s = like.getShape();
        return like.getManager().zeros(new Shape(s.get(0), s.get(1), (s.get(2) + stride - 1) / stride,
                (s.get(3) + stride - 1) / stride), like.getDataType());
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] states = new Shape[cell.totalNodes()];
        for (int i = 0; i < cell.inputs(); i++) {
            pre.get(i).initialize(manager, dataType, inputShapes[i]);
            states[i] = pre.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
        }
        propagate(states, manager, dataType);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] states = new Shape[cell.totalNodes()];
        for (int i = 0; i < cell.inputs(); i++) {
            states[i] = pre.get(i).getOutputShapes(new Shape[] {inputShapes[i]})[0];
        }
        propagate(states, null, null);
        List<Integer> outs = cell.outputs();
        Shape first = states[outs.get(0)];
        long channels = 0;
        for (int o : outs) {
            channels += states[o].get(1);
        }
        return new Shape[] {new Shape(first.get(0), channels, first.get(2), first.get(3))};
    }

    /** Fills in node shapes; initializes edge blocks on the way when a manager is given. */
    private void propagate(Shape[] states, NDManager manager, DataType dataType) {
        List<Cell.Edge> edges = cell.edges();
        for (int n = cell.inputs(); n < cell.totalNodes(); n++) {
            Shape node = null;
            for (int k = 0; k < edges.size(); k++) {
                Cell.Edge e = edges.get(k);
                if (e.to() != n) {
                    continue;
                }
                Block b = edgeBlocks.get(k);
                Shape out;
                if (b == null) {
                    Shape in = states[e.from()];
                    int s = stride(e);
                    out = new Shape(in.get(0), in.get(1), (in.get(2) + s - 1) / s, (in.get(3) + s - 1) / s);
                } else {
                    if (manager != null) {
                        b.initialize(manager, dataType, states[e.from()]);
                    }
                    out = b.getOutputShapes(new Shape[] {states[e.from()]})[0];
                }
                node = node == null ? out : node;
            }
            states[n] = node;
        }
    }

    @Override
    public String toString() {
        return "CellBlock(" + cell + (reduction ? ", reduction" : "") + ")";
    }
}
