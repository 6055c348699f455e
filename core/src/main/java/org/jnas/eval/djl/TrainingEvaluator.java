package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import org.jnas.Jnas;
import org.jnas.data.DataSource;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.data.ImageData;
import org.jnas.data.ImageDataset;
import org.jnas.eval.Evaluation;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.Evaluator;
import org.jnas.eval.EvaluatorRecipe;
import org.jnas.eval.OptimizerSpec;
import org.jnas.eval.Recipe;
import org.jnas.eval.Retrained;
import org.jnas.eval.cost.Costs;
import org.jnas.eval.cost.Latency;
import org.jnas.space.Architecture;
import org.jnas.space.Hyperparameters;
import org.jnas.space.TrainingSettings;
import org.jnas.space.TunedArchitecture;
import ai.djl.training.optimizer.Optimizer;
import java.util.Random;

/**
 * Scores an architecture by really training its network with DJL: on the training split, for a budget of epochs
 * scaled by the fidelity, then measuring accuracy and loss on the validation split. It also reports the network's
 * trainable parameters, MACs ({@link Costs}), measured latency ({@link Latency}) and the wall-clock cost.
 *
 * <pre>{@code
 * Evaluator eval = Evaluators.train(Datasets.fashionMnist())
 *         .epochs(1).batchSize(64).trainLimit(10_000).validationLimit(2_000).build();
 * Evaluation e = eval.evaluate(arch, 1.0, 42);   // e.metric("accuracy"), e.curve(), e.costSeconds()
 * }</pre>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Seeded: weights start from {@link SeededInitializer}, batches are shuffled by a seeded sampler and DJL's
 *       engine seed is set, so the same architecture, fidelity and seed give the same numbers on CPU with the same
 *       {@link Builder#threads} (set on the training thread before every trial, whatever ran there before).</li>
 *   <li>A NaN, infinite or diverging training loss ({@link #DIVERGENCE_FACTOR} times the first batch's) ends
 *       the evaluation with an {@link EvaluationFailedException} naming the epoch and batch; so do engine errors (out of memory) and networks that do not fit the input.</li>
 *   <li>Every evaluation closes its model, trainer and arrays: repeated evaluations do not grow memory.</li>
 *   <li>Training choices of a sample ({@code space.withHyperparameters(...)}: learning rate, weight decay, batch,
 *       optimizer, epochs, augmentation) replace this evaluator's settings for that trial ({@link #recipeFor}).</li>
 *   <li>Trains on every GPU DJL sees (up to {@link Builder#maxGpus}), else on the CPU; on a search worker pinned to
 *       a device ({@code Search.devices}, {@link Devices#pin}) on that device alone.</li>
 * </ul>
 */
public final class TrainingEvaluator implements Evaluator {

    /** What a fidelity below 1 cuts. */
    public enum FidelityMode {
        /** Fewer optimizer steps: {@code fidelity * epochs} epochs, a fractional epoch being that fraction of batches. */
        EPOCHS,
        /** Less data: all epochs, on the first {@code fidelity} of the training images. */
        DATA
    }

    /** A training loss this many times the first batch's (or above it, if that was below 1) counts as diverged. */
    public static final double DIVERGENCE_FACTOR = 100;

    /** Images per forward pass when scoring (at least the training batch). */
    static final int EVAL_BATCH = 256;
    /** At most this much activation memory per scoring batch (see {@link #scoringBatch}). */
    static final long SCORING_ACTIVATION_BYTES = 128L << 20;

    private final DataSplits data;
    private final NetworkBuilder network;
    private final int epochs;
    private final int batchSize;
    private final OptimizerSpec optimizer;
    private final Recipe recipe;
    private final FidelityMode fidelityMode;
    private final Latency latency;
    private final Device[] devices;
    private final int threads;

    private TrainingEvaluator(Builder b) {
        this.data = b.data.limit(b.trainLimit, b.validationLimit);
        this.network = b.network.input(data.channels(), data.height(), data.width()).classes(data.classes());
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.optimizer = b.optimizer;
        this.recipe = new Recipe(b.epochs, b.batchSize, b.optimizer, b.schedule, b.augment);
        this.fidelityMode = b.fidelityMode;
        this.latency = b.latency;
        this.devices = b.devices != null ? b.devices.clone() : Devices.available(b.maxGpus);
        this.threads = b.threads;
    }

    /** Starts a training evaluator on these splits; see {@link org.jnas.eval.Evaluators#train}. */
    public static Builder builder(DataSplits data) {
        return new Builder(data);
    }

    public DataSplits data() {
        return data;
    }

    public Device[] devices() {
        return devices.clone();
    }

    /** How every network is trained here: epochs, batch, optimizer, schedule. */
    public Recipe recipe() {
        return recipe;
    }

    /** CPU threads each trial uses (0: libtorch's default); see {@link Builder#threads}. */
    public int threads() {
        return threads;
    }

    /** How architectures become networks here (input and classes already set from the data). */
    public NetworkBuilder network() {
        return network;
    }

    /**
     * The same evaluator (data, recipe, fidelity mode, latency, devices, threads) building networks with
     * {@code other}: how a hand-designed baseline that needs its own channels or cells is trained exactly like the
     * winner.
     */
    public TrainingEvaluator withNetwork(NetworkBuilder other) {
        var b = new Builder(data).network(other).recipe(recipe).fidelity(fidelityMode).latency(latency)
                .devices(devices).threads(threads);
        return new TrainingEvaluator(b);
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        if (!(fidelity > 0 && fidelity <= 1)) {
            throw new IllegalArgumentException("fidelity must be in (0, 1], got " + fidelity);
        }
        Recipe r = recipeFor(architecture);
        ImageData train = data.train();
        double epochBudget = r.epochs();
        if (fidelityMode == FidelityMode.DATA) {
            train = train.slice(0, Math.max(r.batchSize(), (int) Math.round(train.size() * fidelity)));
        } else {
            epochBudget = r.epochs() * fidelity;
        }
        return run(architecture, r, train, data.validation(), epochBudget, seed);
    }

    /**
     * Retrains with the full budget on the training split and scores on the held-out test split. Only a final
     * report should call this, once, for the chosen architecture; metrics are as for {@link #evaluate}, with
     * {@code accuracy} and {@code loss} measured on the test split.
     */
    @Override
    public Optional<Evaluation> test(Architecture architecture, long seed) {
        Recipe r = recipeFor(architecture);
        return Optional.of(run(architecture, r, data.train(), data.test(), r.epochs(), seed));
    }

    /**
     * The data's files and this evaluator's settings, which rebuild it in another JVM (a cluster's executor) where
     * it reads the data itself; empty when the data was given in memory ({@link DataSplits#source()} is empty).
     * Devices are not part of it: the rebuilt evaluator trains on the GPUs its JVM was given, else as
     * {@link Builder#devices} defaults.
     */
    @Override
    public Optional<EvaluatorRecipe> shippable() {
        return data.source().map(source -> new Shipped(source, network, recipe, fidelityMode, latency));
    }

    /** What {@link #shippable()} ships: settings and the data's path, never the images. */
    public record Shipped(DataSource data, NetworkBuilder network, Recipe recipe, FidelityMode fidelity,
                          Latency latency) implements EvaluatorRecipe {
        @Override
        public Evaluator rebuild(int[] gpus) {
            // the whole training Recipe travels (schedule and augmentation included), not a hand-picked part of it
            Builder b = builder(data.load()).network(network).recipe(recipe).fidelity(fidelity).latency(latency);
            if (gpus.length > 0) {
                b.devices(java.util.Arrays.stream(gpus).mapToObj(Device::gpu).toArray(Device[]::new));
            }
            return b.build();
        }
    }

    /**
     * One training with the full budget and {@code seed}, scored on the validation split and on the test split
     * with the same weights: the validation metrics equal {@code evaluate(architecture, 1.0, seed)}'s (training is
     * seeded), and the test metrics belong to that very network. The whole training cost is on the validation
     * evaluation; the test evaluation costs 0 more. Only final reports call this.
     */
    @Override
    public Retrained retrain(Architecture architecture, long seed) {
        Recipe r = recipeFor(architecture);
        Evaluation both = run(architecture, r, data.train(), data.validation(), r.epochs(), seed, data.test());
        var validation = new LinkedHashMap<String, Double>();
        var test = new LinkedHashMap<String, Double>();
        both.metrics().forEach((k, v) -> {
            if (k.startsWith(ALSO_SCORED)) {
                test.put(k.substring(ALSO_SCORED.length()), v);
            } else {
                validation.put(k, v);
                if (!k.equals("accuracy") && !k.equals("loss")) {
                    test.putIfAbsent(k, v); // params, flops, latency: the same network
                }
            }
        });
        return new Retrained(seed, new Evaluation(validation, both.costSeconds(), both.curve()),
                Optional.of(Evaluation.of(test, 0)));
    }

    /** Prefix of the metrics of the extra split that {@link #retrain} scores after training. */
    private static final String ALSO_SCORED = "also:";

    /** Any space whose architectures its {@link NetworkBuilder} builds ({@link NetworkBuilder#cannotBuild}). */
    @Override
    public Optional<String> cannotEvaluate(org.jnas.space.SearchSpace space) {
        return network.cannotBuild(space);
    }

    @Override
    public String describe() {
        return "train(" + data.name() + " " + data.train().size() + "/" + data.validation().size() + ", " + recipe
                + ", fidelity "
                + fidelityMode.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * How {@code architecture} is trained here: this evaluator's recipe with the architecture's own training
     * choices applied (a {@link TunedArchitecture} from a space with hyperparameters), checked against the data.
     */
    public Recipe recipeFor(Architecture architecture) {
        TrainingSettings settings = TunedArchitecture.training(architecture);
        Recipe r = recipe.tunedBy(settings);
        if (r.batchSize() > data.train().size()) {
            throw new IllegalArgumentException("batch size " + r.batchSize() + (settings.batchSize() != null
                    ? " (choice '" + Hyperparameters.BATCH + "')" : "") + " is larger than the " + data.train().size()
                    + " training images; offer smaller batch sizes or raise trainLimit");
        }
        return r;
    }

    /** Fails, naming the choice, if some training choice cannot run on this evaluator's data. */
    public void check(Hyperparameters hyperparameters) {
        for (int b : hyperparameters.batchSizes()) {
            if (b > data.train().size()) {
                throw new IllegalArgumentException("choice '" + Hyperparameters.BATCH + "' offers batch size " + b
                        + ", larger than the " + data.train().size() + " training images; offer smaller batch sizes"
                        + " or raise trainLimit");
            }
        }
    }

    /** The DJL optimizer a run of {@code totalSteps} steps trains {@code architecture} with. */
    Optimizer optimizerFor(Architecture architecture, long totalSteps) {
        return recipeFor(architecture).createOptimizer(totalSteps);
    }

    private Evaluation run(Architecture architecture, Recipe r, ImageData train, ImageData eval, double epochBudget,
                           long seed) {
        return run(architecture, r, train, eval, epochBudget, seed, null);
    }

    /** As above; when {@code alsoScore} is given, it is scored after training too (metrics prefixed "also:"). */
    private Evaluation run(Architecture architecture, Recipe r, ImageData train, ImageData eval, double epochBudget,
                           long seed, ImageData alsoScore) {
        int batchSize = r.batchSize();
        OptimizerSpec optimizer = r.optimizer();
        Random augmentation = r.augment() ? new Random(seed * 31 + 7) : null; // seeded: same flips and shifts per seed
        Jnas.init();
        Libtorch.prepare(); // before the first NDArray.set (SeededInitializer), which would print it
        Threads.configure(threads); // for this thread's ops, every time: each thread has its own OpenMP team
        long t0 = System.nanoTime();
        int batchesPerEpoch = (train.size() + batchSize - 1) / batchSize;
        long totalBatches = Math.max(1, Math.round(epochBudget * batchesPerEpoch));
        Engine.getInstance().setRandomSeed((int) seed);
        Block block;
        try {
            block = network.build(architecture);
        } catch (RuntimeException e) {
            throw new EvaluationFailedException("cannot build a network for " + architecture + ": " + e.getMessage(),
                    e);
        }
        Loss loss = Loss.softmaxCrossEntropyLoss();
        // DJL's default initializers run first; SeededInitializer then overwrites every weight from the seed
        Device[] on = Devices.forThisTrial(devices); // a pinned search worker trains on its own device only
        Optimizer opt = r.createOptimizer(totalBatches);
        var config = new DefaultTrainingConfig(loss).optOptimizer(opt).optDevices(on);
        try (Model model = Model.newInstance("jnas-eval", on[0])) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(config);
                 NDManager dataManager = model.getNDManager().newSubManager()) {
                Shape batchShape = network.inputShape(batchSize);
                try {
                    trainer.initialize(batchShape);
                } catch (RuntimeException e) {
                    throw new EvaluationFailedException("the network of " + architecture + " does not fit input "
                            + batchShape + ": " + e.getMessage(), e);
                }
                SeededInitializer.apply(block, seed);
                ImageDataset trainSet = Datasets.toDjl(train, batchSize, true, seed);
                // scoring is in inference mode (per-image results), so its batch size only changes speed and memory
                int scoringBatch = scoringBatch(block, batchSize);
                ImageDataset evalSet = Datasets.toDjl(eval, scoringBatch, false, seed);

                long done = 0;
                int epoch = 0;
                double trainLoss = Double.NaN;
                double firstLoss = Double.NaN;
                var curve = new ArrayList<Double>();
                double[] last = null;
                long trainNanos = 0;
                long images = 0;
                while (done < totalBatches) {
                    epoch++;
                    long t = System.nanoTime();
                    double lossSum = 0;
                    long seen = 0;
                    int batchInEpoch = 0;
                    for (Batch batch : trainer.iterateDataset(trainSet)) {
                        try (batch) {
                            if (done >= totalBatches) {
                                break;
                            }
                            batchInEpoch++;
                            if (Thread.currentThread().isInterrupted()) {
                                throw stopped("the trial of " + architecture, "epoch " + epoch + ", batch "
                                        + batchInEpoch);
                            }
                            double l = trainStep(trainer, batch, loss, augmentation);
                            if (Double.isNaN(firstLoss)) {
                                firstLoss = l;
                            }
                            if (!Double.isFinite(l) || l > DIVERGENCE_FACTOR * Math.max(1, firstLoss)) {
                                throw new EvaluationFailedException("training loss became " + l + " (first batch: "
                                        + firstLoss + ") at epoch " + epoch + ", batch " + batchInEpoch + " of "
                                        + architecture + " with " + optimizer + ": the run diverged; lower the"
                                        + " learning rate (for example optimizer(OptimizerSpec.adam("
                                        + optimizer.learningRate() / 10 + ")))");
                            }
                            lossSum += l * batch.getSize();
                            seen += batch.getSize();
                            done++;
                        }
                    }
                    trainNanos += System.nanoTime() - t;
                    images += seen;
                    trainLoss = lossSum / Math.max(1, seen);
                    last = score(trainer, evalSet, loss);
                    curve.add(last[0]);
                }

                var metrics = new LinkedHashMap<String, Double>();
                metrics.put("accuracy", last[0]);
                metrics.put("loss", last[1]);
                metrics.put("train_loss", trainLoss);
                metrics.put("epochs", done / (double) batchesPerEpoch);
                metrics.put("train_images", (double) images);
                metrics.put("images_per_s", images / (trainNanos / 1e9));
                if (alsoScore != null) { // same weights, second split (retrain: validation and test)
                    double[] extra = score(trainer, Datasets.toDjl(alsoScore, scoringBatch, false, seed),
                            loss);
                    metrics.put(ALSO_SCORED + "accuracy", extra[0]);
                    metrics.put(ALSO_SCORED + "loss", extra[1]);
                }
                try (Autograd.Scope off = Autograd.off()) { // latency of inference, as deployed: no autograd
                    metrics.putAll(Costs.measure(block, dataManager,
                            new Shape(data.channels(), data.height(), data.width()), latency));
                }
                return new Evaluation(metrics, (System.nanoTime() - t0) / 1e9, curve);
            }
        } catch (EngineException | OutOfMemoryError e) {
            throw new EvaluationFailedException("DJL failed while training " + architecture + ": " + e.getMessage()
                    + " (out of memory? try a smaller batch size or fewer channels)", e);
        } catch (IOException | TranslateException e) {
            throw new EvaluationFailedException("cannot read the data of " + data.name() + ": " + e.getMessage(), e);
        } finally {
            OptimizerState.release(opt); // DJL detaches it from the model: closing the model does not free it
            // what this trial freed goes back to the OS once it is much (not into a heap fragmented by its shapes);
            // below that, the next trial reuses it without faulting it in again
            NativeHeap.afterTrial();
        }
    }

    /**
     * What a training throws at its next batch once its thread is interrupted (a search stopping, a notebook
     * interrupt, Ctrl-C on {@code ./jnas search}), instead of training to the end with nobody waiting for it: the CPU
     * is free at once, and the thread is out of libtorch before the JVM exits. Searches do not journal such a trial.
     * Training loops check the flag themselves, so that the message is built only when it is set.
     */
    public static CancellationException stopped(String what, String where) {
        return new CancellationException("interrupted: " + what + " stopped at " + where);
    }

    /**
     * One optimizer step over a batch split across the trainer's devices, its images augmented when
     * {@code augmentation} is given; returns the mean loss.
     */
    private static double trainStep(Trainer trainer, Batch batch, Loss loss, Random augmentation) {
        Batch[] parts = batch.split(trainer.getDevices(), false);
        double sum = 0;
        // Autograd, not trainer.newGradientCollector(): DJL allows one collector per process, which would make
        // trials of parallel search workers fail
        try (Autograd.Scope rec = Autograd.record()) {
            for (Batch part : parts) {
                NDList x = augmentation == null ? part.getData()
                        : new NDList(Augmentation.apply(part.getData().singletonOrThrow(), augmentation));
                NDList preds = trainer.forward(x, part.getLabels());
                NDArray l = loss.evaluate(part.getLabels(), preds);
                rec.backward(l);
                sum += l.getFloat() * part.getSize();
            }
        }
        trainer.step();
        for (Batch part : parts) {
            if (part != batch) {
                part.close();
            }
        }
        return sum / batch.getSize();
    }

    /**
     * The batch size scoring uses: {@link #EVAL_BATCH} (fewer, larger batches are faster), fewer images when a
     * batch's activations would exceed {@link #SCORING_ACTIVATION_BYTES}, never fewer than training uses. DJL frees
     * a forward pass's arrays only when its batch closes, so a batch of 256 through a wide mobile network held over
     * 1 GB at once (measured in notebook 02; that spike got the kernel killed under Binder's 2 GB). Scoring now frees
     * them layer by layer where it can ({@link InferencePass}), so for sequential networks this bound, which counts
     * all of a network's activations, is conservative; inside one layer (a cell) and in networks that are not
     * sequential they are still held together.
     */
    static int scoringBatch(Block initialized, int trainingBatch) {
        var perImage = org.jnas.eval.cost.PeakMemory.of(initialized, 1);
        long bytes = Math.max(1, perImage.retainedBytes() - perImage.weightBytes());
        int fits = (int) Math.max(1, Math.min(EVAL_BATCH, SCORING_ACTIVATION_BYTES / bytes));
        return Math.max(trainingBatch, fits);
    }

    /**
     * Accuracy and mean loss over a data set, in inference mode, recording no gradients, each layer's arrays freed
     * once the next has its input.
     */
    private static double[] score(Trainer trainer, ImageDataset set, Loss loss) throws IOException,
            TranslateException {
        long correct = 0;
        long n = 0;
        double lossSum = 0;
        var store = new ParameterStore(trainer.getManager(), false);
        try (Autograd.Scope off = Autograd.off()) {
            for (Batch batch : set.getData(trainer.getManager())) {
                try (batch) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw stopped("the trial", "scoring");
                    }
                    NDList x = batch.getData();
                    NDArray y = batch.getLabels().singletonOrThrow();
                    NDList preds = InferencePass.forward(trainer.getModel().getBlock(), store, x);
                    NDArray logits = preds.singletonOrThrow();
                    correct += logits.argMax(1).toType(DataType.INT64, false)
                            .eq(y.toType(DataType.INT64, false)).sum().getLong();
                    lossSum += loss.evaluate(new NDList(y), preds).getFloat() * batch.getSize();
                    n += batch.getSize();
                }
            }
        }
        return new double[] {correct / (double) n, lossSum / n};
    }

    /** Options of a {@link TrainingEvaluator}; each method checks its value at once. */
    public static final class Builder {
        private final DataSplits data;
        private NetworkBuilder network = new NetworkBuilder();
        private int epochs = 1;
        private int batchSize = 64;
        private int trainLimit;
        private int validationLimit;
        private OptimizerSpec optimizer = OptimizerSpec.adam(1e-3);
        private Recipe.Schedule schedule = Recipe.Schedule.CONSTANT;
        private boolean augment;
        private FidelityMode fidelityMode = FidelityMode.EPOCHS;
        private Latency latency = Latency.defaults();
        private Device[] devices;
        private int maxGpus;
        private int threads;

        private Builder(DataSplits data) {
            this.data = Objects.requireNonNull(data, "data");
        }

        /** Full-budget epochs (fidelity 1). Default 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** Default 64. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Train on the first {@code n} training images only (a random subset: the split is shuffled). */
        public Builder trainLimit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("trainLimit must be >= 0 (0: all), got " + n);
            }
            this.trainLimit = n;
            return this;
        }

        /** Score on the first {@code n} validation images only. */
        public Builder validationLimit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("validationLimit must be >= 0 (0: all), got " + n);
            }
            this.validationLimit = n;
            return this;
        }

        /** Default {@code OptimizerSpec.adam(1e-3)}. */
        public Builder optimizer(OptimizerSpec optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Learning-rate schedule over the run. Default constant. */
        public Builder schedule(Recipe.Schedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Epochs, batch size, optimizer and schedule from one {@link Recipe} (what baselines share). */
        public Builder recipe(Recipe recipe) {
            Objects.requireNonNull(recipe, "recipe");
            this.epochs = recipe.epochs();
            this.batchSize = recipe.batchSize();
            this.optimizer = recipe.optimizer();
            this.schedule = recipe.schedule();
            this.augment = recipe.augment();
            return this;
        }

        /** Random flips and shifts of the training images ({@link Augmentation}). Default off. */
        public Builder augment(boolean on) {
            this.augment = on;
            return this;
        }

        /** How architectures become networks (channels, cells, a ChoiceSpace's function); input and classes are
         * set from the data. */
        public Builder network(NetworkBuilder network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        public Builder fidelity(FidelityMode mode) {
            this.fidelityMode = Objects.requireNonNull(mode, "fidelity mode");
            return this;
        }

        /**
         * How to measure latency ({@link Latency#defaults()} unless set); {@code null} skips it (no
         * {@code latency_ms} metric). It is part of every trial's time: 0.1-0.7 s on the quickstart's network at 2
         * threads here, where its trial takes 7-8 s ({@code ./jnas bench train} prints it).
         */
        public Builder latency(Latency latency) {
            this.latency = latency;
            return this;
        }

        /** Train on these devices instead of the ones DJL sees. */
        public Builder devices(Device... devices) {
            if (devices.length == 0) {
                throw new IllegalArgumentException("give at least one device, for example Device.cpu()");
            }
            this.devices = devices.clone();
            return this;
        }

        /**
         * CPU threads each trial's operations use; set on the training thread before every trial ({@link Threads}).
         * 0, the default: libtorch's default ({@code OMP_NUM_THREADS}, else one per core), and in a search with
         * several local workers each trial's share of it ({@code cores / workers}, at least 1), since libtorch gives
         * every calling thread its own OpenMP team and more threads than cores wait on each other.
         */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0 (0: libtorch's default), got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Use at most this many GPUs (0: all that DJL sees). */
        public Builder maxGpus(int n) {
            this.maxGpus = n;
            return this;
        }

        public TrainingEvaluator build() {
            if (batchSize > (trainLimit > 0 ? Math.min(trainLimit, data.train().size()) : data.train().size())) {
                throw new IllegalArgumentException("batch size " + batchSize + " is larger than the training data;"
                        + " lower batchSize or raise trainLimit");
            }
            return new TrainingEvaluator(this);
        }
    }
}
