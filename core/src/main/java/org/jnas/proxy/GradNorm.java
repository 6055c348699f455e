package org.jnas.proxy;

import ai.djl.ndarray.NDArray;

/**
 * grad_norm (Abdelfattah et al. 2021, "Zero-Cost Proxies for Lightweight NAS", code {@code mohsaied/zero-cost-nas},
 * {@code grad_norm.py}): the sum over convolution and linear layers of the Euclidean norm of the gradient of the
 * cross-entropy loss of one mini-batch with respect to the layer's weight, at initialization, BatchNorm in training
 * mode. Same definition as the reference; the batch is drawn from the training split by the evaluation's seed.
 */
public final class GradNorm implements ZeroCostProxy {

    @Override
    public String name() {
        return "grad_norm";
    }

    @Override
    public boolean needsData() {
        return true;
    }

    @Override
    public double compute(ProxyInput input) {
        return LossGradients.sumOverWeights(input, name(), (w, g) -> {
            try (NDArray n = g.norm()) {
                return (double) n.getFloat();
            }
        });
    }

    @Override
    public String toString() {
        return "grad_norm (Abdelfattah et al. 2021)";
    }
}
