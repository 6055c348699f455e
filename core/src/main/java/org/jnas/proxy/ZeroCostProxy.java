package org.jnas.proxy;

/**
 * A zero-cost proxy: a score of an untrained network, computed at initialization from at most one mini-batch, that
 * is meant to rank architectures the way training would. jnas ships {@link Synflow} (data-free),
 * {@link JacobianCovariance} (one batch), {@link GradNorm} and {@link Snip} (one batch each); {@link Proxies#named}
 * finds them by name.
 *
 * <p>Life cycle: {@link ProxyScorer} builds a fresh network for the architecture, initializes it in
 * {@link #dataType()} (float32 by default) with
 * the evaluation's seed ({@link org.jnas.eval.djl.SeededInitializer}), draws the mini-batch from the same seed when
 * {@link #needsData()}, calls {@link #compute} once and throws the network away. It turns a thrown
 * {@link ProxyFailedException}, a NaN or an infinite value into a failed {@link ProxyScore} with its reason, never
 * into a number.
 *
 * <h2>Checklist for a new proxy</h2>
 * <ol>
 *   <li>{@link #name()}: lower case, the metric name it will have in evaluations and tables (NASLib's name when
 *       there is one, so readers can compare).</li>
 *   <li>{@link #needsData()}: true when {@link #compute} reads {@link ProxyInput#images()}.</li>
 *   <li>{@link #compute}: deterministic given the network and the batch (no randomness of its own); it may change
 *       the network's weights (the network is discarded afterwards); it closes or attaches every array it makes to
 *       {@link ProxyInput#manager()}.</li>
 *   <li>Where the score is undefined for a network (no parameter on any input-to-output path, a singular matrix),
 *       throw {@link ProxyFailedException} saying why: never return 0 or NaN as a stand-in.</li>
 *   <li>The class Javadoc names the paper, the reference code followed, and every difference from them.</li>
 *   <li>Add it to {@link Proxies#named} and to {@code ProxiesTest} (deterministic for a seed; a hand-checked
 *       value where one can be worked out).</li>
 * </ol>
 */
public interface ZeroCostProxy {

    /** The proxy's name, also its metric name. */
    String name();

    /** Whether it needs a mini-batch of real data (false: data-free, like synflow). */
    boolean needsData();

    /** The data type the network is initialized in (float32 unless the proxy needs more range). */
    default ai.djl.ndarray.types.DataType dataType() {
        return ai.djl.ndarray.types.DataType.FLOAT32;
    }

    /**
     * The score of the initialized network; higher is meant to predict higher accuracy.
     *
     * @throws ProxyFailedException when the score is undefined for this network, with the reason
     */
    double compute(ProxyInput input);
}
