package org.jnas.proxy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * What a {@link ZeroCostProxy} scores: an initialized network and, for data-dependent proxies, one mini-batch.
 *
 * @param network    initialized (in the proxy's data type, seeded) and used by this proxy only
 * @param manager    owns the network's arrays; attach temporary arrays to it
 * @param imageShape one input image, (C, H, W)
 * @param images     the mini-batch (N, C, H, W), or null for a data-free proxy
 * @param labels     its class indices (N), or null
 */
public record ProxyInput(Block network, NDManager manager, Shape imageShape, NDArray images, NDArray labels) {

    /** The batch, or a clear error for a proxy that forgot to declare {@link ZeroCostProxy#needsData()}. */
    public NDArray requireImages(String proxy) {
        if (images == null) {
            throw new IllegalStateException(proxy + " needs a mini-batch of data: its needsData() must return true"
                    + " and the ProxyScorer must be given training data (ProxyScorer.builder(...).data(...))");
        }
        return images;
    }
}
