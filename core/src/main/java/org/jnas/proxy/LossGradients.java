package org.jnas.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.function.BiFunction;

/**
 * The pass that grad_norm and snip share: one mini-batch forward in training mode (BatchNorm on batch statistics,
 * as the reference's {@code bn=True}), mean softmax cross-entropy, one backward; then a per-layer statistic summed
 * over the weights of convolutions and linear layers (the reference's {@code get_layer_metric_array}).
 */
final class LossGradients {
    private LossGradients() {
    }

    /**
     * Sum over weight arrays of {@code perWeight(weight, gradient)}, after one loss backward on the batch; a sum of
     * 0 fails (no gradient reached any weight), since a proxy of 0 would rank the network silently last.
     */
    static double sumOverWeights(ProxyInput input, String proxy, BiFunction<NDArray, NDArray, Double> perWeight) {
        NDArray images = input.requireImages(proxy);
        var net = input.network();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDList out = net.forward(new ParameterStore(input.manager(), false), new NDList(images), true);
            NDArray loss = Loss.softmaxCrossEntropyLoss().evaluate(new NDList(input.labels()), out);
            gc.backward(loss);
        }
        double sum = 0;
        int weights = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
            Parameter param = p.getValue();
            if (param.getType() != Parameter.Type.WEIGHT || !param.requiresGradient()) {
                continue;
            }
            NDArray w = param.getArray();
            try (NDArray g = w.getGradient()) {
                sum += perWeight.apply(w, g);
            }
            weights++;
        }
        if (weights == 0) {
            throw new ProxyFailedException(proxy + " needs trainable weights, and this network has none");
        }
        if (sum == 0) {
            throw new ProxyFailedException(proxy + " is 0: the loss does not depend on any weight (no path from the"
                    + " input through a parameter to the output)");
        }
        return sum;
    }
}
