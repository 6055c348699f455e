package org.jnas.eval.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.CellArchitecture;
import org.jnas.space.SpaceDefinitionException;

/**
 * Turns a cell architecture into a whole network: the macro skeleton around the searched cells. Two skeletons, the
 * ones the cells were published with:
 * <ul>
 *   <li>{@link Style#NASBENCH201} (one-input cells): stem 3x3 conv + BN; three stages of {@code cellsPerStage}
 *       cells at C, 2C, 4C channels with a residual reduction block between stages; BN, ReLU, global pooling,
 *       linear.</li>
 *   <li>{@link Style#DARTS} (two-input cells, "normal" and "reduce"): stem 3x3 conv to {@code stemMultiplier*C} +
 *       BN; {@code cells} cells, reduction cells at 1/3 and 2/3 of the depth doubling C; each cell takes the
 *       previous two cells' outputs (preprocessed to C by a 1x1 ReLU-conv-BN, or a factorized reduce after a
 *       reduction); global pooling, linear.</li>
 * </ul>
 * Edge operations come from an {@link EdgeFactory}: {@link #discreteEdges(boolean)} builds the frozen op of each
 * edge from {@link Ops}; DARTS' supernet supplies mixed operations instead and reuses everything else.
 */
public final class CellNetwork {

    /** The macro skeleton. */
    public enum Style { NASBENCH201, DARTS }

    /** Builds the block of one edge of one cell; returning null means the edge contributes nothing. */
    @FunctionalInterface
    public interface EdgeFactory {
        Block create(Cell cell, Cell.Edge edge, int channels, int stride);
    }

    private CellNetwork() {
    }

    /** The frozen op of each edge; edges of the zero op ({@link OpFamily#NONE}) are left out (they add zeros). */
    public static EdgeFactory discreteEdges(boolean affine) {
        return (cell, edge, channels, stride) -> Ops.family(edge.op()) == OpFamily.NONE ? null
                : Ops.get(edge.op()).create(channels, stride, affine);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options of the macro network, with small defaults suited to 28x28 inputs on a CPU. */
    public static final class Builder {
        private Style style;
        private int channels = 16;
        private int cellsPerStage = 1;
        private int cells = 5;
        private int stemMultiplier = 3;
        private int inputChannels = 1;
        private int classes = 10;
        private boolean affine = true;
        private EdgeFactory edges;

        /** Skeleton; by default chosen from the architecture (two-input cells: DARTS, else NAS-Bench-201). */
        public Builder style(Style style) {
            this.style = style;
            return this;
        }

        /** C, the channels of the first stage's cells. */
        public Builder channels(int c) {
            this.channels = c;
            return this;
        }

        /** NAS-Bench-201 style: cells in each of the three stages (the benchmark uses 5). */
        public Builder cellsPerStage(int n) {
            this.cellsPerStage = n;
            return this;
        }

        /** DARTS style: total cells, reductions at 1/3 and 2/3 (DARTS uses 8 to search, 20 to evaluate). */
        public Builder cells(int n) {
            this.cells = n;
            return this;
        }

        public Builder stemMultiplier(int m) {
            this.stemMultiplier = m;
            return this;
        }

        public Builder inputChannels(int c) {
            this.inputChannels = c;
            return this;
        }

        public Builder classes(int n) {
            this.classes = n;
            return this;
        }

        /** Whether BatchNorm layers inside cells learn scale and shift (false in DARTS' supernet). */
        public Builder affine(boolean affine) {
            this.affine = affine;
            return this;
        }

        public Builder edges(EdgeFactory factory) {
            this.edges = factory;
            return this;
        }

        public Block build(CellArchitecture arch) {
            if (channels < 2 || classes < 2 || inputChannels < 1) {
                throw new IllegalArgumentException("CellNetwork needs channels >= 2, classes >= 2, inputChannels >= 1;"
                        + " got channels=" + channels + ", classes=" + classes + ", inputChannels=" + inputChannels);
            }
            EdgeFactory factory = edges != null ? edges : discreteEdges(affine);
            Style s = style != null ? style : arch.cells().get(0).inputs() == 2 ? Style.DARTS : Style.NASBENCH201;
            return s == Style.DARTS ? darts(arch, factory) : nasBench201(arch, factory);
        }

        private Block nasBench201(CellArchitecture arch, EdgeFactory factory) {
            if (arch.cells().size() != 1 || arch.cells().get(0).inputs() != 1) {
                throw new SpaceDefinitionException("the NAS-Bench-201 skeleton needs one cell with one input; got "
                        + arch);
            }
            Cell cell = arch.cells().get(0);
            var net = new SequentialBlock();
            net.add(Ops.conv(channels, 3, 1, 1, 1, 1)).add(Ops.batchNorm(true));
            int c = channels;
            for (int stage = 0; stage < 3; stage++) {
                if (stage > 0) {
                    net.add(residualReduction(c, 2 * c));
                    c *= 2;
                }
                for (int i = 0; i < cellsPerStage; i++) {
                    // a cell's width is its node width times the number of concatenated outputs
                    int nodeChannels = c / cell.outputs().size();
                    if (nodeChannels * cell.outputs().size() != c) {
                        throw new SpaceDefinitionException("channels " + c + " do not divide into "
                                + cell.outputs().size() + " concatenated outputs; choose channels divisible by it");
                    }
                    List<Block> pre = List.of(nodeChannels == c ? Ops.identity()
                            : Ops.reluConvBn(c, nodeChannels, 1, 1, 0, 1, 1, affine));
                    net.add(new CellBlock(cell, pre, false, nodeChannels, factory));
                }
            }
            net.add(Ops.batchNorm(true)).add(Activation.reluBlock());
            net.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
            net.add(Linear.builder().setUnits(classes).build());
            return net;
        }

        /** NAS-Bench-201's ResNet basic block with stride 2: two ReLU-conv-BN, shortcut avg-pool + 1x1 conv. */
        private static Block residualReduction(int in, int out) {
            Block main = new SequentialBlock().add(Ops.reluConvBn(in, out, 3, 2, 1, 1, 1, true))
                    .add(Ops.reluConvBn(out, out, 3, 1, 1, 1, 1, true));
            Block shortcut = new SequentialBlock()
                    .add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), true, false))
                    .add(Ops.conv(out, 1, 1, 0, 1, 1));
            return new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                    List.of(main, shortcut));
        }

        private Block darts(CellArchitecture arch, EdgeFactory factory) {
            Cell normal = arch.cell("normal");
            Cell reduce = arch.cell("reduce");
            return new DartsMacro(this, normal, reduce, factory);
        }
    }

    /** The DARTS skeleton: every cell sees the two previous outputs. */
    static final class DartsMacro extends AbstractBlock {
        private final Block stem;
        private final List<CellBlock> cellBlocks = new ArrayList<>();
        private final Block head;

        DartsMacro(Builder b, Cell normal, Cell reduce, EdgeFactory factory) {
            if (b.cells < 1) {
                throw new IllegalArgumentException("a DARTS network needs at least one cell");
            }
            int stemC = b.stemMultiplier * b.channels;
            stem = addChildBlock("stem", new SequentialBlock().add(Ops.conv(stemC, 3, 1, 1, 1, 1))
                    .add(Ops.batchNorm(true)));
            int cpp = stemC;
            int cp = stemC;
            int c = b.channels;
            boolean reductionPrev = false;
            for (int i = 0; i < b.cells; i++) {
                boolean reduction = b.cells >= 3 && (i == b.cells / 3 || i == 2 * b.cells / 3);
                if (reduction) {
                    c *= 2;
                }
                Cell cell = reduction ? reduce : normal;
                Block pre0 = reductionPrev ? Ops.factorizedReduce(cpp, c, b.affine)
                        : Ops.reluConvBn(cpp, c, 1, 1, 0, 1, 1, b.affine);
                Block pre1 = Ops.reluConvBn(cp, c, 1, 1, 0, 1, 1, b.affine);
                cellBlocks.add(addChildBlock("cell" + i,
                        new CellBlock(cell, List.of(pre0, pre1), reduction, c, factory)));
                reductionPrev = reduction;
                cpp = cp;
                cp = c * cell.outputs().size();
            }
            head = addChildBlock("head", new SequentialBlock().add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(b.classes).build()));
        }

        List<CellBlock> cells() {
            return cellBlocks;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                         PairList<String, Object> params) {
            NDArray s0 = stem.forward(ps, inputs, training, params).singletonOrThrow();
            NDArray s1 = s0;
            for (CellBlock cell : cellBlocks) {
                NDArray next = cell.forward(ps, new NDList(s0, s1), training, params).singletonOrThrow();
                s0 = s1;
                s1 = next;
            }
            return head.forward(ps, new NDList(s1), training, params);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            stem.initialize(manager, dataType, inputShapes);
            Shape s0 = stem.getOutputShapes(inputShapes)[0];
            Shape s1 = s0;
            for (CellBlock cell : cellBlocks) {
                cell.initialize(manager, dataType, s0, s1);
                Shape next = cell.getOutputShapes(new Shape[] {s0, s1})[0];
                s0 = s1;
                s1 = next;
            }
            head.initialize(manager, dataType, s1);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape s0 = stem.getOutputShapes(inputShapes)[0];
            Shape s1 = s0;
            for (CellBlock cell : cellBlocks) {
                Shape next = cell.getOutputShapes(new Shape[] {s0, s1})[0];
                s0 = s1;
                s1 = next;
            }
            return head.getOutputShapes(new Shape[] {s1});
        }
    }
}
