package org.jnas.darts;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.jnas.Jnas;
import org.jnas.data.ImageData;
import org.jnas.eval.djl.Threads;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * A differentiable architecture search (DARTS) over a cell space, on images in memory.
 *
 * <pre>{@code
 * DartsResult r = DartsSearch.builder(Spaces.darts()).epochs(5).trainImages(4000).seed(0).build()
 *         .run(FashionMnist.train(0));
 * r.architecture();   // a sample of the DARTS space: render it, retrain it
 * r.genotype();       // Genotype(normal=[('sep_conv_3x3', 0), ...], ...)
 * }</pre>
 *
 * <p>The first {@code trainImages} of a seeded permutation of the training split are halved: one half trains the
 * weights, the other (disjoint) half drives the architecture. Each step is an architecture step (first or second
 * order) on a validation batch, then a weight step on a training batch; the weights' learning rate follows a
 * cosine schedule per epoch. Defaults: the DARTS paper's optimizers, PC-DARTS partial channels (K=4) with edge
 * normalization and its warm-up (the first 30% of the epochs train only the weights, architecture frozen), and the
 * DARTS+ early stop (stop once the normal cell derives 2 or more skip connections, and return the cell derived
 * before they took over). {@link Thread#interrupt()} ends the search after the current step, keeping the epochs
 * so far.
 */
public final class DartsSearch {

    /** Which architecture gradient to follow. */
    public enum Order { FIRST, SECOND }

    private final DifferentiableSpace space;
    private final SupernetShape shape;
    private final int batch;
    private final int epochs;
    private final int trainImages;
    private final Order order;
    private final BilevelStep.Hyper hyper;
    private final float minWeightLr;
    private final int maxSkips;
    private final Integer warmupEpochs; // null: PC-DARTS' share with partial channels, none without
    private final long memoryCap;
    private final ai.djl.Device device; // null: the engine's default device (the first GPU, else the CPU)
    private final int threads;
    private final long seed;
    private final Map<String, double[][]> initialAlphas;
    private final List<Consumer<DartsResult.EpochRecord>> listeners;

    private DartsSearch(Builder b) {
        space = b.space;
        shape = b.shape;
        batch = b.batch;
        epochs = b.epochs;
        trainImages = b.trainImages;
        order = b.order;
        hyper = b.hyper;
        minWeightLr = b.minWeightLr;
        maxSkips = b.maxSkips;
        warmupEpochs = b.warmupEpochs;
        memoryCap = b.memoryCap;
        device = b.device;
        threads = b.threads;
        seed = b.seed;
        initialAlphas = Map.copyOf(b.initialAlphas);
        listeners = List.copyOf(b.listeners);
    }

    public static Builder builder(SearchSpace space) {
        return new Builder(space);
    }

    /**
     * Epochs that train only the weights, architecture parameters frozen: as set, else PC-DARTS' share with partial
     * channels (15 of its 50 epochs, so {@code round(0.3 * epochs)}, leaving at least one epoch to search the
     * architecture), else none (DARTS has no warm-up).
     */
    public int warmupEpochs() {
        if (warmupEpochs != null) {
            return warmupEpochs;
        }
        if (shape.partialChannels() == 1) {
            return 0;
        }
        return (int) Math.min(Math.round(epochs * PC_DARTS_WARMUP_SHARE), epochs - 1);
    }

    /** PC-DARTS (Xu et al. 2020) warms up for 15 of its 50 search epochs. */
    public static final double PC_DARTS_WARMUP_SHARE = 15.0 / 50;

    /** The estimate the search is admitted by, for the given data's image size. */
    public MemoryEstimate memoryEstimate(ImageData data) {
        return MemoryEstimate.of(space, shapeFor(data), batch, order == Order.SECOND);
    }

    private SupernetShape shapeFor(ImageData data) {
        return shape.withInput(data.channels(), data.height(), data.width(), data.classes());
    }

    /**
     * Runs the search on {@code data} (the training split; the search never sees a test split).
     *
     * @throws DartsMemoryException before anything is allocated, when the supernet will not fit
     */
    public DartsResult run(ImageData data) {
        Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare();
        long start = System.nanoTime();
        SupernetShape s = shapeFor(data);
        MemoryEstimate memory = memoryEstimate(data);
        // the supernet, its batches and alphas all live on one device: check that device's memory
        ai.djl.Device on = device != null ? device : Engine.getEngine("PyTorch").defaultDevice();
        memory.requireFits(MemoryEstimate.availableBytes(on, memoryCap), s, batch);
        int n = trainImages > 0 ? Math.min(trainImages, data.size()) : data.size();
        int half = n / 2;
        if (half < batch) {
            throw new IllegalArgumentException("DARTS needs at least 2 x batch = " + 2 * batch + " training images"
                    + " (half train the weights, half the architecture); got " + n + ". Lower the batch or give"
                    + " more images.");
        }
        int[] perm = data.permutation(seed);
        int[] trainIdx = java.util.Arrays.copyOfRange(perm, 0, half);
        int[] validIdx = java.util.Arrays.copyOfRange(perm, half, 2 * half);
        int stepsPerEpoch = half / batch;
        Threads.configure(threads);
        Engine.getInstance().setRandomSeed((int) seed);
        Random order = new Random(seed + 1);
        var records = new ArrayList<DartsResult.EpochRecord>();
        String reason = "completed";
        try (NDManager root = NDManager.newBaseManager(on, "PyTorch");
             Supernet net = new Supernet(space, s, batch, root);
             BilevelStep step = new BilevelStep(net, hyper)) {
            initialAlphas.forEach(net::setAlphas);
            int warmup = warmupEpochs();
            outer:
            for (int epoch = 0; epoch < epochs; epoch++) {
                long t0 = System.nanoTime();
                double lr = minWeightLr + 0.5 * (hyper.weightLr() - minWeightLr)
                        * (1 + Math.cos(Math.PI * epoch / epochs));
                step.setWeightLearningRate((float) lr);
                shuffle(trainIdx, order);
                shuffle(validIdx, order);
                double tl = 0;
                double vl = 0;
                int tc = 0;
                int vc = 0;
                int done = 0;
                boolean frozen = epoch < warmup;
                for (int i = 0; i < stepsPerEpoch; i++) {
                    if (Thread.currentThread().isInterrupted()) {
                        reason = "interrupted";
                        if (done > 0) {
                            records.add(record(net, epoch, done, tl, tc, vl, vc, lr, t0, frozen));
                        }
                        break outer;
                    }
                    BilevelStep.BatchResult v;
                    try (NDManager sm = root.newSubManager()) {
                        NDArray xv = images(sm, data, validIdx, i * batch, batch);
                        NDArray yv = labels(sm, data, validIdx, i * batch, batch);
                        if (frozen) {
                            v = step.evaluate(sm, xv, yv); // warm-up: the validation loss is only watched
                        } else if (this.order == Order.SECOND) {
                            NDArray xt = images(sm, data, trainIdx, i * batch, batch);
                            NDArray yt = labels(sm, data, trainIdx, i * batch, batch);
                            v = step.archStepSecondOrder(sm, xt, yt, xv, yv);
                        } else {
                            v = step.archStepFirstOrder(sm, xv, yv);
                        }
                    }
                    BilevelStep.BatchResult t;
                    try (NDManager sm = root.newSubManager()) {
                        t = step.weightStep(sm, images(sm, data, trainIdx, i * batch, batch),
                                labels(sm, data, trainIdx, i * batch, batch));
                    }
                    tl += t.loss();
                    tc += t.correct();
                    vl += v.loss();
                    vc += v.correct();
                    done++;
                }
                DartsResult.EpochRecord rec = record(net, epoch, done, tl, tc, vl, vc, lr, t0, frozen);
                records.add(rec);
                listeners.forEach(l -> l.accept(rec));
                // near-uniform alphas derive noise: the remedy watches from a quarter of the epochs (and after
                // the warm-up) on
                if (maxSkips > 0 && epoch >= Math.max(warmup, epochs / 4)) {
                    int skips = Derivation.skipConnections(space, rec.architecture(), watchedCell());
                    if (skips >= maxSkips) {
                        reason = "DARTS+ early stop: the " + watchedCell() + " cell derived " + skips
                                + " skip connections (limit " + maxSkips + ") after epoch " + epoch;
                        break;
                    }
                }
            }
            Sample finalArch = records.isEmpty() ? net.derive() : records.get(records.size() - 1).architecture();
            if (maxSkips > 0 && !records.isEmpty()
                    && Derivation.skipConnections(space, finalArch, watchedCell()) >= maxSkips) {
                // never hand back a collapsed cell: the last one derived before the skips took over, else the
                // last weights derived with the skips capped
                DartsResult.EpochRecord before = null;
                for (DartsResult.EpochRecord r : records) {
                    if (!r.architectureFrozen()
                            && Derivation.skipConnections(space, r.architecture(), watchedCell()) < maxSkips) {
                        before = r;
                    }
                }
                if (before != null) {
                    finalArch = before.architecture();
                    reason += "; returning the cell derived after epoch " + before.epoch() + " ("
                            + Derivation.skipConnections(space, finalArch, watchedCell()) + " skip connections),"
                            + " the last before the collapse";
                } else {
                    finalArch = Derivation.deriveWithSkipLimit(space, net, records.get(records.size() - 1)
                            .edgeWeights(), watchedCell(), maxSkips - 1);
                    reason += "; no searched epoch derived fewer, so the last weights are derived keeping only"
                            + " the strongest " + (maxSkips - 1) + " skip connection(s)";
                }
            }
            var labels = new LinkedHashMap<String, List<String>>();
            var cands = new LinkedHashMap<String, List<String>>();
            net.cellTypes().forEach((k, t) -> {
                labels.put(k, t.edgeLabels());
                cands.put(k, t.candidates());
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (reason.equals("interrupted")) {
                Thread.currentThread().interrupt(); // keep the caller informed
            }
            return new DartsResult(space, finalArch, records, labels, cands, seconds, reason, memory);
        }
    }

    /** The cell DARTS+ watches: the space's first cell type (the DARTS space's normal cell, a cell space's cell). */
    private String watchedCell() {
        return space.cellTypes().get(0);
    }

    private DartsResult.EpochRecord record(Supernet net, int epoch, int steps, double tl, int tc, double vl, int vc,
                                           double lr, long t0, boolean frozen) {
        int seen = Math.max(1, steps) * batch;
        return new DartsResult.EpochRecord(epoch, steps, tl / Math.max(1, steps), (double) tc / seen,
                vl / Math.max(1, steps), (double) vc / seen, lr, net.alphaSoftmax(), net.weights(), net.derive(),
                (System.nanoTime() - t0) / 1e9, frozen);
    }

    private static void shuffle(int[] a, Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static NDArray images(NDManager m, ImageData d, int[] idx, int from, int count) {
        int per = d.imageSize();
        int n = Math.min(idx.length - from, count);
        float[] px = new float[n * per];
        return m.create(fill(px, d, idx, from, per), new Shape(px.length / per, d.channels(), d.height(), d.width()));
    }

    private static float[] fill(float[] px, ImageData d, int[] idx, int from, int per) {
        int n = px.length / per;
        return d.copyImages(idx, from, n, px);
    }

    static NDArray labels(NDManager m, ImageData d, int[] idx, int from, int count) {
        int n = Math.min(idx.length - from, count);
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = d.labels()[idx[from + i]];
        }
        return m.create(l);
    }

    /** Options of a search; every one has a default suited to a small CPU search. */
    public static final class Builder {
        private final DifferentiableSpace space;
        private SupernetShape shape = SupernetShape.builder().channels(16).cells(5).stemMultiplier(3)
                .partialChannels(4, true).input(1, 28, 28, 10).build();
        private int batch = 64;
        private int epochs = 10;
        private int trainImages = 0;
        private Order order = Order.FIRST;
        private BilevelStep.Hyper hyper = BilevelStep.Hyper.reference();
        private float minWeightLr = 0.001f;
        private int maxSkips = 2;
        private Integer warmupEpochs = null;
        private long memoryCap = 0;
        private ai.djl.Device device;
        private int threads = 2;
        private long seed = 0;
        private final Map<String, double[][]> initialAlphas = new LinkedHashMap<>();
        private final List<Consumer<DartsResult.EpochRecord>> listeners = new ArrayList<>();

        private Builder(SearchSpace space) {
            if (space == null) {
                throw new IllegalArgumentException("DARTS needs a search space, for example Spaces.darts()");
            }
            this.space = DifferentiableSpace.require(space, "DARTS");
        }

        /** Channels C of the first cells (default 16). */
        public Builder channels(int c) {
            shape = shape.withChannels(c);
            return this;
        }

        /** DARTS skeleton: total cells (default 5). */
        public Builder cells(int n) {
            shape = shape.withCells(n);
            return this;
        }

        /** NAS-Bench-201 skeleton: cells per stage (default 1). */
        public Builder cellsPerStage(int n) {
            shape = shape.withCellsPerStage(n);
            return this;
        }

        /**
         * Epochs at the start that train only the weights, the architecture frozen (PC-DARTS' warm-up). Default:
         * {@code round(0.3 * epochs)} with partial channels (PC-DARTS: 15 of 50 epochs), at most {@code epochs -
         * 1}; 0 without them. 0 turns it off.
         */
        public Builder warmupEpochs(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("warm-up epochs must be >= 0 (0 turns the warm-up off), got " + n);
            }
            warmupEpochs = n;
            return this;
        }

        /** PC-DARTS partial channels K (default 4; 1 turns them off) and edge normalization (default on). */
        public Builder partialChannels(int k, boolean edgeNormalization) {
            shape = shape.withPartialChannels(k, edgeNormalization);
            return this;
        }

        public Builder batch(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("batch must be >= 2 (BatchNorm needs it), got " + n);
            }
            batch = n;
            return this;
        }

        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + n);
            }
            epochs = n;
            return this;
        }

        /** Use the first {@code n} images of a seeded shuffle of the training data (0 = all), halved. */
        public Builder trainImages(int n) {
            trainImages = n;
            return this;
        }

        public Builder order(Order o) {
            order = o;
            return this;
        }

        /** Optimizer settings (default {@link BilevelStep.Hyper#reference()}). */
        public Builder hyper(BilevelStep.Hyper h) {
            hyper = h;
            return this;
        }

        /** Where the cosine schedule of the weights' learning rate ends (default 0.001). */
        public Builder minWeightLearningRate(float lr) {
            minWeightLr = lr;
            return this;
        }

        /**
         * DARTS+ collapse remedy: stop once the normal cell (or the single cell of a cell space) derives this many
         * skip connections, checked after each epoch from a quarter of the epochs on (before that the alphas are
         * near uniform and derivations are noise) and after the warm-up; 0 turns it off. Default 2.
         *
         * <p>Where jnas differs from DARTS+ (Liang et al. 2019), which takes the cell at the stopping epoch: the
         * result is never a collapsed cell. It is the cell derived at the last searched epoch that had fewer skip
         * connections than the limit; when there is none (the first searched epoch already collapsed), the last
         * weights derived keeping only the strongest {@code n - 1} skip connections. The stop reason says which.
         */
        public Builder stopAtSkipConnections(int n) {
            maxSkips = n;
            return this;
        }

        /** At most this many bytes for the search (0 = whatever the machine has available). */
        public Builder memoryCap(long bytes) {
            memoryCap = bytes;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        /**
         * The one device the whole search runs on (supernet, batches, architecture weights) and whose memory the
         * memory check reads, for example {@code Device.gpu(1)}. Default: the engine's default device (the first
         * GPU DJL sees, else the CPU).
         */
        public Builder device(ai.djl.Device d) {
            device = java.util.Objects.requireNonNull(d, "device");
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        /** Starts from these alphas for a cell type ([edge][candidate]) instead of small random ones. */
        public Builder initialAlphas(String cellType, double[][] alphas) {
            initialAlphas.put(cellType, alphas);
            return this;
        }

        /** Called after each epoch (progress bars, logs, live alpha plots). */
        public Builder onEpoch(Consumer<DartsResult.EpochRecord> listener) {
            listeners.add(listener);
            return this;
        }

        public DartsSearch build() {
            if (warmupEpochs != null && warmupEpochs >= epochs) {
                throw new IllegalArgumentException("warm-up epochs (" + warmupEpochs + ") must be fewer than the"
                        + " epochs (" + epochs + "), or nothing searches the architecture; lower the warm-up or"
                        + " raise the epochs");
            }
            return new DartsSearch(this);
        }
    }
}
