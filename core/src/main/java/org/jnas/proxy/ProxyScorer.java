package org.jnas.proxy;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jnas.Jnas;
import org.jnas.data.ImageData;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.SeededInitializer;
import org.jnas.space.Architecture;

/**
 * Computes zero-cost proxies of architectures: for each proxy a fresh network from the {@link NetworkBuilder},
 * initialized from the seed, and (for data-dependent proxies) one mini-batch of training images drawn by the same
 * seed. The same architecture, seed and thread count give the same scores on CPU.
 *
 * <pre>{@code
 * var scorer = ProxyScorer.builder(new NetworkBuilder().input(3, 32, 32).channels(16).cellsPerStage(5))
 *         .proxies(new Synflow()).build();
 * ProxyScore s = scorer.score(arch, 0).get("synflow");   // s.ok() ? s.value() : s.failure()
 * }</pre>
 */
public final class ProxyScorer {
    private final NetworkBuilder network;
    private final List<ZeroCostProxy> proxies;
    private final ImageData data;
    private final int batchSize;

    private ProxyScorer(Builder b) {
        this.network = b.network;
        this.proxies = List.copyOf(b.proxies);
        this.data = b.data;
        this.batchSize = b.batchSize;
    }

    /** A scorer of architectures built by {@code network} (its input shape and class count are used as set). */
    public static Builder builder(NetworkBuilder network) {
        return new Builder(network);
    }

    public List<ZeroCostProxy> proxies() {
        return proxies;
    }

    public NetworkBuilder network() {
        return network;
    }

    /** Every proxy's score of the architecture, in the order the proxies were given. */
    public Map<String, ProxyScore> score(Architecture architecture, long seed) {
        var out = new LinkedHashMap<String, ProxyScore>();
        for (ZeroCostProxy p : proxies) {
            out.put(p.name(), score(p, architecture, seed));
        }
        return out;
    }

    /** One proxy's score; failures come back as a failed {@link ProxyScore} with the reason, never as a number. */
    public ProxyScore score(ZeroCostProxy proxy, Architecture architecture, long seed) {
        Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare();
        org.jnas.eval.djl.Threads.configure(0); // libtorch's default, whatever earlier code left this thread at
        long t0 = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed((int) seed);
            Block block = network.build(architecture);
            Shape full = network.inputShape(proxy.needsData() ? batchSize : 1);
            Shape image = new Shape(full.get(1), full.get(2), full.get(3));
            block.initialize(manager, proxy.dataType(), full);
            SeededInitializer.apply(block, seed);
            NDArray images = null;
            NDArray labels = null;
            if (proxy.needsData()) {
                ImageData batch = data.select(java.util.Arrays.copyOf(data.permutation(seed), batchSize));
                images = manager.create(batch.pixels(), full).toType(proxy.dataType(), false);
                float[] y = new float[batchSize];
                for (int i = 0; i < batchSize; i++) {
                    y[i] = batch.labels()[i];
                }
                labels = manager.create(y);
            }
            double value = proxy.compute(new ProxyInput(block, manager, image, images, labels));
            double ms = (System.nanoTime() - t0) / 1e6;
            if (!Double.isFinite(value)) {
                return ProxyScore.failed(proxy.name(), proxy.name() + " is " + value + " for " + architecture
                        + " (overflow or an undefined step)", ms);
            }
            return ProxyScore.of(proxy.name(), value, ms);
        } catch (ProxyFailedException e) {
            return ProxyScore.failed(proxy.name(), e.getMessage(), (System.nanoTime() - t0) / 1e6);
        } catch (EngineException | OutOfMemoryError e) {
            return ProxyScore.failed(proxy.name(), "DJL failed on " + architecture + ": " + e.getMessage(),
                    (System.nanoTime() - t0) / 1e6);
        }
    }

    @Override
    public String toString() {
        return "ProxyScorer(" + proxies.stream().map(ZeroCostProxy::name).toList() + " on " + network
                + (data != null ? ", batch " + batchSize + " of " + data.name() : ", no data") + ")";
    }

    /** Options of a {@link ProxyScorer}; checked at {@link #build()}, before any network is built. */
    public static final class Builder {
        private final NetworkBuilder network;
        private final List<ZeroCostProxy> proxies = new ArrayList<>();
        private ImageData data;
        private int batchSize = 64;

        private Builder(NetworkBuilder network) {
            this.network = Objects.requireNonNull(network, "network");
        }

        public Builder proxies(ZeroCostProxy... proxies) {
            for (ZeroCostProxy p : proxies) {
                this.proxies.add(Objects.requireNonNull(p, "proxy"));
            }
            return this;
        }

        public Builder proxies(List<ZeroCostProxy> proxies) {
            return proxies(proxies.toArray(new ZeroCostProxy[0]));
        }

        /** Training images for data-dependent proxies (each score draws one batch from them by its seed). */
        public Builder data(ImageData train) {
            this.data = Objects.requireNonNull(train, "data");
            return this;
        }

        /** Images in the mini-batch of data-dependent proxies; default 64 (Abdelfattah et al.'s CIFAR batch). */
        public Builder batchSize(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("a proxy mini-batch needs at least 2 images, got " + n);
            }
            this.batchSize = n;
            return this;
        }

        public ProxyScorer build() {
            if (proxies.isEmpty()) {
                throw new IllegalArgumentException("give at least one proxy, e.g. .proxies(new Synflow()); known: "
                        + Proxies.names());
            }
            var names = new java.util.HashSet<String>();
            for (ZeroCostProxy p : proxies) {
                if (!names.add(p.name())) {
                    throw new IllegalArgumentException("proxy '" + p.name() + "' is given twice");
                }
                if (p.needsData() && data == null) {
                    throw new IllegalArgumentException(p.name() + " needs a mini-batch of real data: add"
                            + " .data(trainingImages), e.g. .data(Datasets.fashionMnist().train()); only "
                            + Proxies.dataFree() + " run without data");
                }
            }
            if (data != null) {
                Shape in = network.inputShape(1);
                if (data.channels() != in.get(1) || data.height() != in.get(2) || data.width() != in.get(3)) {
                    throw new IllegalArgumentException("the data's images are " + data.channels() + "x"
                            + data.height() + "x" + data.width() + " but the network expects " + in.get(1) + "x"
                            + in.get(2) + "x" + in.get(3) + ": set NetworkBuilder.input(" + data.channels() + ", "
                            + data.height() + ", " + data.width() + ")");
                }
                if (data.classes() != network.classes()) {
                    throw new IllegalArgumentException("the data has " + data.classes() + " classes but the network "
                            + network.classes() + ": set NetworkBuilder.classes(" + data.classes() + ")");
                }
                if (data.size() < batchSize) {
                    throw new IllegalArgumentException("batch size " + batchSize + " is larger than the data ("
                            + data.size() + " images); lower batchSize");
                }
            }
            return new ProxyScorer(this);
        }
    }
}
