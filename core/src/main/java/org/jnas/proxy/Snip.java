package org.jnas.proxy;

import ai.djl.ndarray.NDArray;

/**
 * SNIP (Lee et al. 2019, "SNIP: Single-shot network pruning based on connection sensitivity"), summed over the
 * network as in Abdelfattah et al. 2021 (code {@code mohsaied/zero-cost-nas}, {@code snip.py}): {@code sum over the
 * weights of convolutions and linear layers of |theta * dL/dtheta|}, L the cross-entropy of one mini-batch at
 * initialization, BatchNorm in training mode. The reference differentiates a weight mask of ones, whose gradient is
 * exactly {@code theta * dL/dtheta}; here that product is formed directly (the same number).
 */
public final class Snip implements ZeroCostProxy {

    @Override
    public String name() {
        return "snip";
    }

    @Override
    public boolean needsData() {
        return true;
    }

    @Override
    public double compute(ProxyInput input) {
        return LossGradients.sumOverWeights(input, name(), (w, g) -> {
            try (NDArray prod = w.mul(g); NDArray abs = prod.abs(); NDArray s = abs.sum()) {
                return (double) s.getFloat();
            }
        });
    }

    @Override
    public String toString() {
        return "snip (Lee et al. 2019; as a NAS proxy: Abdelfattah et al. 2021)";
    }
}
