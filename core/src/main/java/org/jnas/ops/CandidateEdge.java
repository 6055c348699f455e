package org.jnas.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The weight-sharing edge: one cell edge holding a block for every candidate operation the space lists, built once
 * from the {@link Ops} registry. What a subclass adds is only how a forward pass combines the candidates:
 * DARTS' mixed op sums them weighted by the architecture parameters; the one-shot supernet's single-path edge runs
 * the one candidate of the sampled path. Both therefore hold exactly the weights a stand-alone network of the
 * chosen op would have, under the same child names.
 *
 * <p>The {@code none} candidate contributes zeros whatever happens, so it gets no block and is never computed
 * ({@link #block(int)} is null for it).
 *
 * <h2>Writing a new kind of shared edge</h2>
 * <ol>
 *   <li>Extend this class and pass the candidates, channels and stride up.</li>
 *   <li>Implement {@code forwardInternal}; run candidates with {@link #forwardReleasing} so intermediate arrays
 *       are freed as soon as they are consumed.</li>
 *   <li>Leave initialization and output shapes to this class: every candidate keeps the channel count and applies
 *       the edge's stride.</li>
 * </ol>
 */
public abstract class CandidateEdge extends AbstractBlock {
    private final List<String> candidates;
    private final int channels;
    private final int opChannels;
    private final int stride;
    private final Block[] byCandidate; // null for none
    private final List<Block> computed = new ArrayList<>();
    private final int[] computedIndex; // candidate index of each computed block
    private final boolean[] startsWithRelu; // such ops can share one ReLU of the input

    /**
     * @param candidates operation names from {@link Ops}, in the space's order
     * @param channels   channels of the edge's input and output
     * @param opChannels channels the candidate blocks are built for ({@code channels}, or fewer under partial
     *                   channels)
     * @param stride     1, or 2 on the input edges of a reduction cell
     * @param affine     whether BatchNorm inside the candidates learns scale and shift
     */
    protected CandidateEdge(List<String> candidates, int channels, int opChannels, int stride, boolean affine) {
        this.candidates = List.copyOf(candidates);
        this.channels = channels;
        this.opChannels = opChannels;
        this.stride = stride;
        this.byCandidate = new Block[candidates.size()];
        var idx = new ArrayList<Integer>();
        for (int k = 0; k < candidates.size(); k++) {
            String op = candidates.get(k);
            if (Ops.family(op) == OpFamily.NONE) {
                continue; // contributes zero whatever its weight: never computed
            }
            Block b = addChildBlock(op.replaceAll("[^A-Za-z0-9_]", "_"), Ops.get(op).create(opChannels, stride,
                    affine));
            byCandidate[k] = b;
            computed.add(b);
            idx.add(k);
        }
        this.computedIndex = idx.stream().mapToInt(Integer::intValue).toArray();
        this.startsWithRelu = new boolean[computed.size()];
        for (int i = 0; i < computed.size(); i++) {
            startsWithRelu[i] = computed.get(i) instanceof SequentialBlock seq && !seq.getChildren().isEmpty()
                    && seq.getChildren().get(0).getValue() instanceof LambdaBlock first
                    && first.getName().equalsIgnoreCase("relu");
        }
    }

    /** The candidate names, in the space's order (including {@code none} when the space lists it). */
    public List<String> candidates() {
        return candidates;
    }

    /** The block of candidate {@code k}; null for {@code none}. */
    public Block block(int k) {
        return byCandidate[k];
    }

    /** The blocks that are computed, in candidate order ({@code none} skipped). */
    protected List<Block> computed() {
        return computed;
    }

    /** The candidate index of the i-th computed block. */
    protected int computedIndex(int i) {
        return computedIndex[i];
    }

    /** Whether the i-th computed block starts with a ReLU of its input. */
    protected boolean startsWithRelu(int i) {
        return startsWithRelu[i];
    }

    public int channels() {
        return channels;
    }

    public int stride() {
        return stride;
    }

    /** How many candidates start with a ReLU of the input and so can share one (DARTS: the 4 convolutions). */
    public int sharedReluOps() {
        int n = 0;
        for (boolean b : startsWithRelu) {
            n += b ? 1 : 0;
        }
        return n;
    }

    public int candidatesComputed() {
        return computed.size();
    }

    /**
     * Runs a block; through a {@link SequentialBlock} child by child, closing each intermediate result as soon as
     * the next child has consumed it. Autograd keeps whatever backward needs on its own; without this, the Java
     * handles would keep every intermediate alive until the step ends (higher peak memory than PyTorch's).
     */
    public static NDArray forwardReleasing(Block block, ParameterStore ps, NDArray x, boolean training,
                                           PairList<String, Object> params) {
        if (!(block instanceof SequentialBlock seq)) {
            return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
        }
        return forwardReleasing(seq, 0, ps, x, training, params);
    }

    /** The same from the {@code from}-th child of a sequential block on. */
    public static NDArray forwardReleasing(SequentialBlock seq, int from, ParameterStore ps, NDArray x,
                                           boolean training, PairList<String, Object> params) {
        NDArray current = x;
        List<Block> children = seq.getChildren().values();
        for (int c = from; c < children.size(); c++) {
            NDArray next = forwardReleasing(children.get(c), ps, current, training, params);
            if (current != x && current != next) {
                current.close();
            }
            current = next;
        }
        return current;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape part = new Shape(in.get(0), opChannels, in.get(2), in.get(3));
        for (Block b : computed) {
            b.initialize(manager, dataType, part);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, (in.get(2) + stride - 1) / stride,
                (in.get(3) + stride - 1) / stride)};
    }
}
