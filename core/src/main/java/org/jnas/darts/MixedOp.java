package org.jnas.darts;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.jnas.ops.CandidateEdge;

/**
 * One edge of a supernet: the weighted sum of its candidate operations, {@code sum_k w_k * op_k(x)}, with the
 * weights supplied per forward pass by the {@link Supernet} (softmax of the architecture parameters, times the edge
 * normalization weight under PC-DARTS). Why a block of its own: the candidates are whatever the space lists (no
 * global op list), the {@code none} candidate is never computed (it adds zero), and partial channels live here.
 *
 * <p>The candidates themselves (built once from the space, {@code none} never computed) are the shared
 * {@link CandidateEdge}, the same edge the one-shot supernet samples single paths from.
 *
 * <p>Partial channels (PC-DARTS, {@code k > 1}): only the first {@code C/k} channels go through the candidates;
 * the rest bypass them (max-pooled on a stride-2 edge); the two parts are concatenated and channel-shuffled.
 */
final class MixedOp extends CandidateEdge {
    private final Supernet.WeightSource weights;
    private final String cellType;
    private final int edge;
    private final int channels;
    private final int stride;
    private final int partial;

    MixedOp(Supernet.WeightSource weights, String cellType, int edge, List<String> candidates, int channels,
            int stride, int partial) {
        super(candidates, channels, channels / partial, stride, false);
        this.weights = weights;
        this.cellType = cellType;
        this.edge = edge;
        this.channels = channels;
        this.stride = stride;
        this.partial = partial;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray active = partial == 1 ? x : x.get(":, :" + channels / partial);
        NDArray sum = null;
        NDArray relu = sharedReluOps() > 1 ? Activation.relu(active) : null;
        for (int i = 0; i < computed().size(); i++) {
            NDArray w = weights.weight(cellType, edge, computedIndex(i));
            NDArray out = relu != null && startsWithRelu(i)
                    ? forwardReleasing((SequentialBlock) computed().get(i), 1, ps, relu, training, params)
                    : forwardReleasing(computed().get(i), ps, active, training, params);
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

    /** Interleaves {@code groups} channel groups so every channel takes a turn through the candidates. */
    static NDArray channelShuffle(NDArray x, int groups) {
        Shape s = x.getShape();
        long c = s.get(1);
        try (NDArray grouped = x.reshape(s.get(0), groups, c / groups, s.get(2), s.get(3));
             NDArray swapped = grouped.swapAxes(1, 2)) {
            return swapped.reshape(s);
        }
    }
}
