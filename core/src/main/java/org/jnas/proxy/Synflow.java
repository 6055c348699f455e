package org.jnas.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * SynFlow (Tanaka et al. 2020, "Pruning neural networks without any data by iteratively conserving synaptic flow"),
 * used as a network score as in Abdelfattah et al. 2021 ("Zero-Cost Proxies for Lightweight NAS", code
 * {@code mohsaied/zero-cost-nas}, {@code synflow.py}): every parameter is replaced by its absolute value, the network
 * (initialized in float64 from the same seeded values as in float32) runs in float64 on one all-ones input, {@code R = sum(output)} is back-propagated, and the score is
 * {@code sum over the weights of convolutions and linear layers of |theta * dR/dtheta|}. No data is needed.
 *
 * <p>BatchNorm: Abdelfattah et al. compute synflow on a copy of the network without BatchNorm ({@code bn=False}).
 * Here BatchNorm runs in inference mode with its initial statistics (mean 0, variance 1) and |scale| = 1,
 * |shift| = 0, which is the identity up to a factor {@code 1/sqrt(1 + 1e-5)} per layer: the same score to about
 * 1e-5 relative per BatchNorm on a path. Biases are made positive and feed R, but, as in the reference, only weights
 * are summed.
 *
 * <p>A score of exactly 0 means no input-to-output path carries a parameter (in a cell: every path passes a
 * {@code none} edge); it is reported as a failure, not as a value.
 */
public final class Synflow implements ZeroCostProxy {

    @Override
    public String name() {
        return "synflow";
    }

    @Override
    public boolean needsData() {
        return false;
    }

    /** float64, as the reference: R overflows float32 on deep networks. */
    @Override
    public DataType dataType() {
        return DataType.FLOAT64;
    }

    @Override
    public double compute(ProxyInput input) {
        var net = input.network();
        var manager = input.manager();
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter param = p.getValue();
            NDArray a = param.getArray();
            boolean weight = param.getType() == Parameter.Type.WEIGHT;
            if (a.getDataType() != DataType.FLOAT64) {
                throw new IllegalArgumentException("synflow needs a network initialized in float64 (dataType()),"
                        + " got " + a.getDataType() + " for " + p.getKey());
            }
            a.setRequiresGradient(false); // an in-place change of a leaf that records gradients is refused
            a.set(a.abs().toDoubleArray());
            a.setRequiresGradient(weight);
        }
        Shape one = new Shape(1).addAll(input.imageShape());
        NDArray ones = manager.ones(one, DataType.FLOAT64);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = net.forward(new ParameterStore(manager, false), new NDList(ones), false)
                    .singletonOrThrow();
            gc.backward(out.sum());
        }
        double score = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter param = p.getValue();
            if (param.getType() != Parameter.Type.WEIGHT) {
                continue;
            }
            NDArray w = param.getArray();
            try (NDArray g = w.getGradient(); NDArray s = w.mul(g).abs().sum()) {
                score += s.toType(DataType.FLOAT64, false).getDouble();
            }
        }
        if (score == 0) {
            throw new ProxyFailedException("synflow is 0: no input-to-output path carries a parameter (in a cell,"
                    + " every path passes a 'none' edge), so the network's output does not depend on its input");
        }
        return score;
    }

    @Override
    public String toString() {
        return "synflow (Tanaka et al. 2020; as a NAS proxy: Abdelfattah et al. 2021)";
    }
}
