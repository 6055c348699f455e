package org.jnas.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;

/**
 * One edge of a supernet: the weighted sum of its candidate operations, {@code sum_k w_k * op_k(x)}, with the
 * weights supplied per forward pass by the {@link Supernet} (softmax of the architecture parameters, times the edge
 * normalization weight under PC-DARTS). Why a block of its own: the candidates are whatever the space lists (no
 * global op list), the {@code none} candidate is never computed (it adds zero), and partial channels live here.
 *
 * <p>Partial channels (PC-DARTS, {@code k > 1}): only the first {@code C/k} channels go through the candidates;
 * the rest bypass them (max-pooled on a stride-2 edge); the two parts are concatenated and channel-shuffled.
 */
final class MixedOp extends AbstractBlock {
    private final Supernet.WeightSource weights;
    private final String cellType;
    private final int edge;
    private final int channels;
    private final int stride;
    private final int partial;
    private final int[] computedIndex; // candidate index of each computed block
    private final List<Block> computed = new ArrayList<>();
    private final boolean[] startsWithRelu; // such ops share one ReLU of the input instead of one each

    MixedOp(Supernet.WeightSource weights, String cellType, int edge, List<String> candidates, int channels,
            int stride, int partial) {
        this.weights = weights;
        this.cellType = cellType;
        this.edge = edge;
        this.channels = channels;
        this.stride = stride;
        this.partial = partial;
        int opChannels = channels / partial;
        var idx = new ArrayList<Integer>();
        for (int k = 0; k < candidates.size(); k++) {
            String op = candidates.get(k);
            if (Ops.family(op) == OpFamily.NONE) {
                continue; // contributes zero whatever its weight: never computed
            }
            computed.add(addChildBlock(op.replaceAll("[^A-Za-z0-9_]", "_"), Ops.get(op).create(opChannels, stride,
                    false)));
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

    /** How many candidates start with a ReLU of the input and so share one (DARTS: the 4 convolutions). */
    int sharedReluOps() {
        int n = 0;
        for (boolean b : startsWithRelu) {
            n += b ? 1 : 0;
        }
        return n;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray active = partial == 1 ? x : x.get(":, :" + channels / partial);
        NDArray sum = null;
        NDArray relu = sharedReluOps() > 1 ? Activation.relu(active) : null;
        for (int i = 0; i < computed.size(); i++) {
            NDArray w = weights.weight(cellType, edge, computedIndex[i]);
            NDArray out = relu != null && startsWithRelu[i]
                    ? forwardReleasing((SequentialBlock) computed.get(i), 1, ps, relu, training, params)
                    : forwardReleasing(computed.get(i), ps, active, training, params);
            NDArray term = out.mul(w);
            if (out != active) {
                out.close(); // autograd keeps what it needs; the Java handle is not
            }
            if (sum == null) {
                sum = term;
            } else {
                NDArray next = sum.add(term);
                sum.close();
                term.close();
                sum = next;
            }
        }
        if (relu != null) {
            relu.close(); // autograd keeps it for the ops that used it
        }
        if (partial == 1) {
            return new NDList(sum);
        }
        NDArray rest = x.get(":, " + channels / partial + ":");
        if (stride == 2) {
            NDArray pooled = rest.getNDArrayInternal().maxPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0),
                    true);
            rest.close();
            rest = pooled;
        }
        NDArray joined = sum.concat(rest, 1);
        sum.close();
        rest.close();
        return new NDList(channelShuffle(joined, partial));
    }

    /**
     * Runs a block; through a {@link SequentialBlock} child by child, closing each intermediate result as soon as
     * the next child has consumed it. Autograd keeps whatever backward needs on its own; without this, the Java
     * handles would keep every intermediate alive until the step ends (higher peak memory than PyTorch's).
     */
    static NDArray forwardReleasing(Block block, ParameterStore ps, NDArray x, boolean training,
                                    PairList<String, Object> params) {
        if (!(block instanceof SequentialBlock seq)) {
            return block.forward(ps, new NDList(x), training, params).singletonOrThrow();
        }
        return forwardReleasing(seq, 0, ps, x, training, params);
    }

    /** The same from the {@code from}-th child of a sequential block on. */
    static NDArray forwardReleasing(SequentialBlock seq, int from, ParameterStore ps, NDArray x, boolean training,
                                    PairList<String, Object> params) {
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

    /** Interleaves {@code groups} channel groups so every channel takes a turn through the candidates. */
    static NDArray channelShuffle(NDArray x, int groups) {
        Shape s = x.getShape();
        long c = s.get(1);
        try (NDArray grouped = x.reshape(s.get(0), groups, c / groups, s.get(2), s.get(3));
             NDArray swapped = grouped.swapAxes(1, 2)) {
            return swapped.reshape(s);
        }
    }

    int candidatesComputed() {
        return computed.size();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape part = new Shape(in.get(0), channels / partial, in.get(2), in.get(3));
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
