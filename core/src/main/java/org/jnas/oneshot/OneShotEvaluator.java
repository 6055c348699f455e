package org.jnas.oneshot;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.jnas.Jnas;
import org.jnas.darts.MemoryEstimate;
import org.jnas.darts.SupernetShape;
import org.jnas.data.DataSplits;
import org.jnas.data.ImageData;
import org.jnas.eval.Evaluation;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.Evaluator;
import org.jnas.eval.OptimizerSpec;
import org.jnas.eval.Retrained;
import org.jnas.eval.cost.Costs;
import org.jnas.eval.cost.Latency;
import org.jnas.eval.djl.Autograd;
import org.jnas.eval.djl.Devices;
import org.jnas.space.Architecture;
import org.jnas.space.SearchSpace;

/**
 * Scores architectures with the weights they inherit from one trained weight-sharing supernet
 * ({@link OneShotSupernet}: {@link CellSupernet} for cell spaces, {@link ChainSupernet} for chain spaces,
 * {@link TransformerSupernet} for transformer spaces): a
 * fraction of a second per candidate instead of a training each, so a strategy can look at
 * thousands. Every strategy works on it unchanged: it is an {@link Evaluator} like stand-alone training.
 *
 * <pre>{@code
 * var oneShot = Evaluators.oneShot(space, data).channels(8).epochs(3).build();
 * var result = Search.of(space).strategy(Strategies.regularizedEvolution()).evaluator(oneShot)
 *         .objectives(Objective.maximize("accuracy")).budget(Budget.trials(2000)).seed(1).run();
 * }</pre>
 *
 * <h2>What it does</h2>
 * <ol>
 *   <li>Once, on the first evaluation (or {@link #train()}): checks the memory it will need
 *       ({@link OneShotMemory}), then trains the supernet on the training split, one or more sampled paths per
 *       batch ({@link PathSampling}); only the weights on those paths move. Its wall-clock time is
 *       {@link #setupCostSeconds()}, which a search charges once.</li>
 *   <li>Per architecture: selects its path, recalibrates the path's BatchNorm statistics on a fixed set of
 *       training batches ({@link BatchNormRecalibration}), then measures accuracy and loss on a fixed validation
 *       subset. With {@link Builder#costs}, params and MACs of the stand-alone network too (and measured latency
 *       with a {@link Latency}). The trial's cost is the time of this scoring.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Seeded: the supernet's weights, path sampling and batch order come from {@link Builder#seed}, so the same
 *       settings give the same supernet and the same scores on CPU at a fixed thread count. A score depends on the
 *       architecture and the supernet only: the trial seed does not enter, and the order of scorings does not
 *       matter (recalibration does not start from the previous statistics).</li>
 *   <li>An architecture outside the supernet's space is refused with its sample; a space without a shared form
 *       (neither a cell nor a chain space, or an op that changes shapes) is refused before training, naming the
 *       choice.</li>
 *   <li>Thread-safe: scorings run one at a time (the supernet holds one path).</li>
 *   <li>No test split: {@link #test} and {@link #retrain} go to the stand-alone evaluator given with
 *       {@link Builder#standalone}, since a one-shot score is a ranking signal, not a final accuracy.</li>
 * </ul>
 */
public final class OneShotEvaluator implements Evaluator, AutoCloseable {

    /**
     * What training the supernet did.
     *
     * @param epochs       passes over the training images
     * @param steps        optimizer steps (batches)
     * @param paths        paths trained (forward/backward passes)
     * @param seconds      wall-clock seconds
     * @param epochLoss    mean training loss per epoch (over the trained paths)
     * @param memory       the estimate checked before training
     */
    public record Training(int epochs, long steps, long paths, double seconds, List<Double> epochLoss,
                           OneShotMemory memory) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "supernet trained: %d epoch(s), %d steps, %d paths, %.1f s, loss per"
                    + " epoch %s; memory estimate %s", epochs, steps, paths, seconds, epochLoss.stream()
                    .map(l -> String.format(Locale.ROOT, "%.3f", l)).toList(), memory);
        }
    }

    private final SearchSpace space;
    private final DataSplits data;
    private final SupernetShape shape;
    private final int epochs;
    private final int batchSize;
    private final OptimizerSpec optimizer;
    private final PathSampling sampling;
    private final int recalibrationBatches;
    private final boolean costs;
    private final Latency latency;
    private final long seed;
    private final long memoryLimitBytes;
    private final Evaluator standalone;
    private final Device device;
    private final Consumer<String> log;
    private final Map<String, Evaluation> cache = new HashMap<>();
    private NDManager manager;
    private OneShotSupernet supernet;
    private List<NDArray> recalibration;
    private Training training;

    private OneShotEvaluator(Builder b) {
        this.space = b.space;
        this.data = b.data.limit(b.trainLimit, b.validationLimit);
        this.shape = SupernetShape.builder().channels(b.channels).cells(b.cells).cellsPerStage(b.cellsPerStage)
                .stemMultiplier(b.stemMultiplier).partialChannels(1, false)
                .input(data.channels(), data.height(), data.width(), data.classes()).build();
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.sampling = b.sampling;
        this.recalibrationBatches = b.recalibrationBatches;
        this.costs = b.costs;
        this.latency = b.latency;
        this.seed = b.seed;
        this.memoryLimitBytes = b.memoryLimitMb * 1024L * 1024L;
        this.standalone = b.standalone;
        this.device = b.device != null ? b.device : Devices.available(1)[0];
        this.log = b.log;
    }

    /**
     * Starts a one-shot evaluator of a cell, chain or transformer space on these splits; see
     * {@link org.jnas.eval.Evaluators#oneShot}.
     */
    public static Builder builder(SearchSpace space, DataSplits data) {
        return new Builder(space, data);
    }

    /** The memory training will need, estimated from the settings (nothing is allocated). */
    public OneShotMemory memoryEstimate() {
        return OneShotMemory.of(space, shape, batchSize);
    }

    /**
     * Trains the supernet now if it is not trained yet (the first evaluation does it otherwise) and says what it
     * did. Refuses with {@link OneShotMemoryException} before allocating when the estimate exceeds the memory
     * available.
     */
    public synchronized Training train() {
        if (training != null) {
            return training;
        }
        OneShotMemory memory = memoryEstimate();
        memory.requireFits(MemoryEstimate.availableBytes(device, memoryLimitBytes), shape, batchSize);
        try {
            training = trainFresh(memory);
            return training;
        } catch (RuntimeException | Error e) {
            // interrupted or failed: free the partial supernet; the next call trains a new one from its seed
            if (manager != null) {
                manager.close();
                manager = null;
            }
            supernet = null;
            throw e;
        }
    }

    private Training trainFresh(OneShotMemory memory) {
        Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare();
        org.jnas.eval.djl.Threads.configure(0); // libtorch's default, whatever earlier code left this thread at
        long t0 = System.nanoTime();
        manager = NDManager.newBaseManager(device);
        Engine.getInstance().setRandomSeed((int) seed);
        supernet = OneShotSupernet.create(space, shape, seed, manager);
        sampling.check(space);
        ImageData train = data.train();
        Random rng = new Random(seed);
        Optimizer opt = optimizer.create();
        Loss loss = Loss.softmaxCrossEntropyLoss();
        var epochLoss = new ArrayList<Double>();
        long steps = 0;
        long paths = 0;
        int batches = train.size() / batchSize; // a last partial batch is dropped: BatchNorm needs company
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = permutation(train.size(), rng);
            double lossSum = 0;
            long lossCount = 0;
            for (int b = 0; b < batches; b++) {
                if (Thread.currentThread().isInterrupted()) { // a notebook interrupt: stop at this step
                    throw org.jnas.eval.djl.TrainingEvaluator.stopped("the supernet's training",
                            "epoch " + (epoch + 1) + ", step " + (b + 1) + " of " + batches);
                }
                List<Architecture> stepPaths = sampling.paths(supernet, rng);
                List<Parameter> used = trainableOn(stepPaths);
                try (NDManager step = manager.newSubManager()) {
                    NDArray[] xy = batch(step, train, order, b * batchSize, batchSize);
                    for (Architecture p : stepPaths) {
                        supernet.setPath(p);
                        try (Autograd.Scope rec = Autograd.record()) { // this thread only (see Autograd)
                            NDArray logits = supernet.forward(xy[0], true);
                            NDArray l = loss.evaluate(new NDList(xy[1]), new NDList(logits));
                            rec.backward(l);
                            float value = l.getFloat();
                            if (!Float.isFinite(value)) {
                                throw new EvaluationFailedException("supernet training loss became " + value
                                        + " at epoch " + (epoch + 1) + ", batch " + (b + 1) + ": lower the learning"
                                        + " rate (optimizer(...), " + optimizer + " now)");
                            }
                            lossSum += value;
                            lossCount++;
                        }
                        paths++;
                    }
                    for (Parameter p : used) {
                        NDArray w = p.getArray();
                        NDArray g = w.getGradient();
                        g.attach(step);
                        opt.update(p.getId(), w, g);
                        zeroGradient(w, g);
                    }
                }
                steps++;
            }
            epochLoss.add(lossSum / Math.max(1, lossCount));
            log.accept(String.format(Locale.ROOT, "supernet epoch %d/%d: loss %.4f (%.0f s)", epoch + 1, epochs,
                    epochLoss.get(epoch), (System.nanoTime() - t0) / 1e9));
        }
        // Adam's moments (twice the supernet's weights) are not needed for scoring; DJL keeps them outside every
        // manager, so nothing else would free them
        org.jnas.eval.djl.OptimizerState.release(opt);
        recalibration = new ArrayList<>();
        int[] identity = new int[train.size()];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        for (int b = 0; b < Math.min(recalibrationBatches, batches); b++) {
            recalibration.add(batch(manager, train, identity, b * batchSize, batchSize)[0]);
        }
        return new Training(epochs, steps, paths, (System.nanoTime() - t0) / 1e9, epochLoss, memory);
    }

    /** The trainable parameters of the union of some paths, each once. */
    private List<Parameter> trainableOn(List<Architecture> paths) {
        Set<Parameter> all = new LinkedHashSet<>();
        for (Architecture p : paths) {
            supernet.setPath(p);
            for (Parameter q : supernet.pathParameters()) {
                if (q.requiresGradient()) {
                    all.add(q);
                }
            }
        }
        return new ArrayList<>(all);
    }

    private static void zeroGradient(NDArray w, NDArray g) {
        // the PyTorch collector accumulates gradients; only an explicit zero clears them (see BilevelStep)
        if (w instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            g.subi(g);
        }
    }

    /** What supernet training did; empty until it ran. */
    public Optional<Training> training() {
        return Optional.ofNullable(training);
    }

    /** The supernet's training time, charged once to a search that uses this evaluator (0 until trained). */
    @Override
    public double setupCostSeconds() {
        return training == null ? 0 : training.seconds();
    }

    /** The trained supernet (training it first if needed): for extracting networks, or looking inside. */
    public OneShotSupernet supernet() {
        train();
        return supernet;
    }

    /**
     * Scores the architecture with its inherited weights. {@code fidelity} is the share of the validation subset
     * used (at least one batch); {@code seed} does not enter, since the score is a function of the supernet.
     */
    @Override
    public synchronized Evaluation evaluate(Architecture architecture, double fidelity, long trialSeed) {
        if (!(fidelity > 0 && fidelity <= 1)) {
            throw new IllegalArgumentException("fidelity must be in (0, 1], got " + fidelity);
        }
        train();
        org.jnas.eval.djl.Threads.configure(0); // recalibration and scoring reduce: same thread count, same score
        supernet.check(architecture); // refuses foreign architectures, sample shown
        String key = architecture.sample().key() + "@" + fidelity;
        Evaluation cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        long t0 = System.nanoTime();
        supernet.setPath(architecture);
        double[] scored;
        try (Autograd.Scope off = Autograd.off()) { // nothing to back-propagate: recording the graph costs time
            BatchNormRecalibration.recalibrate(supernet, recalibration);
            ImageData val = data.validation();
            int n = Math.max(Math.min(val.size(), batchSize), (int) Math.round(val.size() * fidelity));
            scored = score(val, n);
        }
        var metrics = new LinkedHashMap<String, Double>();
        metrics.put("accuracy", scored[0]);
        metrics.put("loss", scored[1]);
        if (costs) {
            metrics.putAll(costs(architecture));
        }
        Evaluation e = Evaluation.of(metrics, (System.nanoTime() - t0) / 1e9);
        cache.put(key, e);
        return e;
    }

    private double[] score(ImageData val, int n) {
        long correct = 0;
        double lossSum = 0;
        int chunk = 250;
        int[] identity = new int[n];
        for (int i = 0; i < n; i++) {
            identity[i] = i;
        }
        Loss loss = Loss.softmaxCrossEntropyLoss();
        for (int from = 0; from < n; from += chunk) {
            int size = Math.min(chunk, n - from);
            try (NDManager step = manager.newSubManager()) {
                NDArray[] xy = batch(step, val, identity, from, size);
                NDArray logits = supernet.forward(xy[0], false);
                logits.attach(step);
                correct += logits.argMax(1).toType(DataType.INT64, false)
                        .eq(xy[1].toType(DataType.INT64, false)).sum().getLong();
                lossSum += loss.evaluate(new NDList(xy[1]), new NDList(logits)).getFloat() * size;
            }
        }
        return new double[] {correct / (double) n, lossSum / n};
    }

    /** Params and MACs (and latency, when asked) of the architecture's stand-alone network. */
    private Map<String, Double> costs(Architecture architecture) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            Block b = supernet.standalone(architecture);
            b.initialize(m, DataType.FLOAT32, new Shape(1, shape.inputChannels(), shape.height(), shape.width()));
            return Costs.measure(b, m, new Shape(shape.inputChannels(), shape.height(), shape.width()), latency);
        }
    }

    private static NDArray[] batch(NDManager m, ImageData d, int[] order, int from, int size) {
        // copyImages converts only these images; ImageData.pixels() of byte-held data converts the whole set on
        // every call (that, once per image, made a scoring take seconds)
        float[] px = d.copyImages(order, from, size, new float[size * d.imageSize()]);
        float[] labels = new float[size];
        for (int i = 0; i < size; i++) {
            labels[i] = d.labels()[order[from + i]];
        }
        return new NDArray[] {m.create(px, new Shape(size, d.channels(), d.height(), d.width())), m.create(labels)};
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Stand-alone test score, from the evaluator given to {@link Builder#standalone}; empty without one. */
    /** Only the space its supernet was built for: other architectures have no weights to inherit. */
    @Override
    public Optional<String> cannotEvaluate(SearchSpace other) {
        return other.equals(space) ? Optional.empty() : Optional.of("this one-shot evaluator's supernet holds the"
                + " weights of space '" + space.name() + "' " + space.choices().size() + " choices, not of space '"
                + other.name() + "'; build it with Evaluators.oneShot(theSearchedSpace, data)");
    }

    @Override
    public Optional<Evaluation> test(Architecture architecture, long seed) {
        return standalone == null ? Optional.empty() : standalone.test(architecture, seed);
    }

    /**
     * Stand-alone retraining by the evaluator given to {@link Builder#standalone}. Without one there is nothing to
     * retrain: the report gets the one-shot score back (validation only, no test split, the same for every seed)
     * and says the chosen architecture has no test score, rather than failing at the end of a search; give
     * {@code standalone(Evaluators.train(data)...build())} for real final numbers.
     */
    @Override
    public Retrained retrain(Architecture architecture, long seed) {
        if (standalone == null) {
            return new Retrained(seed, evaluate(architecture, 1.0, seed), Optional.empty());
        }
        return standalone.retrain(architecture, seed);
    }

    /** The stand-alone evaluator for retraining and testing, if one was given. */
    public Optional<Evaluator> standalone() {
        return Optional.ofNullable(standalone);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "oneShot(%s %d/%d, supernet %s, %d epoch(s), batch %d, %s, %s"
                + " paths, BN recalibrated on %d batches)", data.name(), data.train().size(), data.validation().size(),
                OneShotMemory.skeleton(space, shape), epochs, batchSize,
                optimizer, sampling.name().toLowerCase(Locale.ROOT), recalibrationBatches);
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public synchronized void close() {
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** Options of a {@link OneShotEvaluator}; each method checks its value at once. */
    public static final class Builder {
        private final SearchSpace space;
        private final DataSplits data;
        private int channels = 8;
        private int cellsPerStage = 1;
        private int cells = 5;
        private int stemMultiplier = 3;
        private int epochs = 3;
        private int batchSize = 64;
        private int trainLimit;
        private int validationLimit = 1000;
        private OptimizerSpec optimizer = OptimizerSpec.adam(1e-3);
        private PathSampling sampling = PathSampling.UNIFORM;
        private int recalibrationBatches = 4;
        private boolean costs = true;
        private Latency latency;
        private long seed;
        private long memoryLimitMb;
        private Evaluator standalone;
        private Device device;
        private Consumer<String> log = s -> { };

        private Builder(SearchSpace space, DataSplits data) {
            this.space = Objects.requireNonNull(space, "space");
            this.data = Objects.requireNonNull(data, "data");
        }

        /**
         * C of a cell skeleton (doubled at each reduction); match the stand-alone networks you compare with. A chain
         * space sets its own widths, so its supernet ignores this and the cell counts.
         */
        public Builder channels(int c) {
            if (c < 2) {
                throw new IllegalArgumentException("channels must be at least 2, got " + c);
            }
            this.channels = c;
            return this;
        }

        /** NAS-Bench-201 skeleton (one-input cells): cells per stage. Default 1. */
        public Builder cellsPerStage(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("cellsPerStage must be at least 1, got " + n);
            }
            this.cellsPerStage = n;
            return this;
        }

        /** DARTS skeleton (two-input cells): total cells. Default 5. */
        public Builder cells(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("cells must be at least 1, got " + n);
            }
            this.cells = n;
            return this;
        }

        /** Supernet training epochs over the training images. Default 3. */
        public Builder epochs(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + n);
            }
            this.epochs = n;
            return this;
        }

        /** Training (and recalibration) batch size. Default 64. */
        public Builder batchSize(int n) {
            if (n < 2) {
                throw new IllegalArgumentException("batch size must be at least 2 (BatchNorm), got " + n);
            }
            this.batchSize = n;
            return this;
        }

        /** Train the supernet on the first {@code n} training images (0: all). */
        public Builder trainLimit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("trainLimit must be >= 0 (0: all), got " + n);
            }
            this.trainLimit = n;
            return this;
        }

        /** Score every candidate on the same first {@code n} validation images. Default 1,000. */
        public Builder validationLimit(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("validationLimit must be at least 1, got " + n);
            }
            this.validationLimit = n;
            return this;
        }

        /** Default {@code OptimizerSpec.adam(1e-3)}; its state moves only for weights on a trained path. */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Which paths a training step trains. Default {@link PathSampling#UNIFORM} (SPOS). */
        public Builder sampling(PathSampling sampling) {
            this.sampling = Objects.requireNonNull(sampling, "sampling");
            return this;
        }

        /** Training batches each candidate's BatchNorm statistics are recalibrated on. Default 4. */
        public Builder recalibrationBatches(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("recalibrationBatches must be at least 1, got " + n);
            }
            this.recalibrationBatches = n;
            return this;
        }

        /** Whether scores include the stand-alone network's params and MACs (a few ms each). Default true. */
        public Builder costs(boolean on) {
            this.costs = on;
            return this;
        }

        /** Also measure latency of each candidate's stand-alone network (implies costs). Default: no latency. */
        public Builder latency(Latency latency) {
            this.latency = latency;
            this.costs = this.costs || latency != null;
            return this;
        }

        /** Seed of the supernet's weights, path sampling and batch order. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Refuse to train when the estimate exceeds this many MB (0: the memory available). */
        public Builder memoryLimitMb(long mb) {
            if (mb < 0) {
                throw new IllegalArgumentException("memoryLimitMb must be >= 0 (0: what is available), got " + mb);
            }
            this.memoryLimitMb = mb;
            return this;
        }

        /** The stand-alone evaluator {@link OneShotEvaluator#test} and {@link OneShotEvaluator#retrain} use. */
        public Builder standalone(Evaluator evaluator) {
            if (evaluator instanceof OneShotEvaluator) {
                throw new IllegalArgumentException("standalone(...) needs an evaluator that trains networks"
                        + " (Evaluators.train(data)...build()), not another one-shot evaluator");
            }
            this.standalone = Objects.requireNonNull(evaluator, "standalone evaluator");
            return this;
        }

        /** Train and score on this device instead of the first one DJL offers (a GPU if any, else the CPU). */
        public Builder device(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** Where progress lines of supernet training go (default: nowhere). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * Checks everything that can be checked without training: the space has a shared form (a cell space whose
         * ops keep shapes, or a chain space), the sampling rule fits it, the batch fits the data.
         */
        public OneShotEvaluator build() {
            int train = trainLimit > 0 ? Math.min(trainLimit, data.train().size()) : data.train().size();
            if (batchSize > train) {
                throw new IllegalArgumentException("batch size " + batchSize + " is larger than the " + train
                        + " training images; lower batchSize or raise trainLimit");
            }
            OneShotSupernet.requireShareable(space);
            sampling.check(space);
            return new OneShotEvaluator(this);
        }
    }
}
