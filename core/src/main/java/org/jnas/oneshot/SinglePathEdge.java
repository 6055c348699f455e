package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.jnas.ops.CandidateEdge;

/**
 * A supernet edge that runs one candidate per forward pass: the one the current path names (SPOS: single-path
 * one-shot). The candidates and their weights are the shared {@link CandidateEdge}, so the chosen candidate is
 * exactly the block a stand-alone network of that op would have; {@code none} gives zeros, as an absent edge does.
 */
final class SinglePathEdge extends CandidateEdge {

    /** Which candidate each edge runs in the current forward pass. */
    interface PathSource {
        int candidate(String cellType, int edge);
    }

    private final PathSource path;
    private final String cellType;
    private final int edge;

    SinglePathEdge(PathSource path, String cellType, int edge, List<String> candidates, int channels, int stride) {
        super(candidates, channels, channels, stride, true);
        this.path = path;
        this.cellType = cellType;
        this.edge = edge;
    }

    String cellType() {
        return cellType;
    }

    int edge() {
        return edge;
    }

    /** The candidate block the current path runs; null when it is {@code none}. */
    Block active() {
        return block(path.candidate(cellType, edge));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Block b = active();
        if (b == null) {
            NDArray sub = stride() == 1 ? x : x.get(":, :, ::" + stride() + ", ::" + stride());
            NDArray zeros = sub.zerosLike();
            if (sub != x) {
                sub.close();
            }
            return new NDList(zeros);
        }
        return new NDList(forwardReleasing(b, ps, x, training, params));
    }
}
