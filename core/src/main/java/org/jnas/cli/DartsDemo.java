package org.jnas.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jnas.darts.DartsResult;
import org.jnas.darts.DartsSearch;
import org.jnas.data.FashionMnist;
import org.jnas.data.ImageData;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.eval.djl.Threads;
import org.jnas.run.Retraining;
import org.jnas.space.DartsSpace;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.jnas.stats.Comparison;
import org.jnas.stats.Summary;

/**
 * {@code ./jnas darts-demo}: a small DARTS search on Fashion-MNIST, then the derived cell and a random cell of the
 * same space retrained the same way (same network size, data, epochs and the same {@code --seeds} seeds) and scored
 * on test images: mean, sd and 95% interval per cell and Welch's test of the difference, since one seed each moves
 * a cell's accuracy about as much as two cells differ. Options: {@code --epochs 4 --search-images 2000
 * --retrain-epochs 2 --retrain-images 10000 --test-images 2000 --seeds 3 --threads 2 --seed 0}.
 */
public final class DartsDemo {
    private DartsDemo() {
    }

    public static void main(String[] args) {
        int epochs = 4;
        int searchImages = 2000;
        int retrainEpochs = 2;
        int retrainImages = 10000;
        int testImages = 2000;
        int threads = 2;
        long seed = 0;
        int seeds = 3;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--search-images" -> searchImages = Integer.parseInt(v);
                case "--retrain-epochs" -> retrainEpochs = Integer.parseInt(v);
                case "--retrain-images" -> retrainImages = Integer.parseInt(v);
                case "--test-images" -> testImages = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--seeds" -> seeds = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --epochs,"
                        + " --search-images, --retrain-epochs, --retrain-images, --test-images, --seeds, --threads,"
                        + " --seed");
            }
            i++;
        }
        if (seeds < 2) { // checked before the search: a comparison needs a spread on both sides
            throw new IllegalArgumentException("--seeds must be at least 2: the DARTS cell and the random cell are"
                    + " each retrained with these seeds and compared by Welch's test; got " + seeds);
        }
        org.jnas.Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare(); // checked convolutions before the first step
        Threads.configure(threads);
        DartsSpace space = Spaces.darts();
        ImageData train = FashionMnist.train(0);
        ImageData test = FashionMnist.test(testImages);
        DartsResult result = DartsSearch.builder(space).channels(8).cells(5).partialChannels(2, true).batch(32)
                .epochs(epochs).trainImages(searchImages).threads(threads).seed(seed)
                .onEpoch(e -> System.out.printf("search epoch %d: train acc %.3f, valid acc %.3f, %.0f s%n",
                        e.epoch(), e.trainAccuracy(), e.validAccuracy(), e.seconds()))
                .build().run(train);
        System.out.println(result);
        System.out.printf("search cost: %.0f s%n", result.searchSeconds());
        Sample random = space.sample(new Random(seed + 100));
        ImageData retrainData = train.select(java.util.Arrays.copyOfRange(train.permutation(seed + 7), 0,
                Math.min(retrainImages, train.size())));
        long[] retrainSeeds = Retraining.seeds(seed, seeds);
        double[] darts = new double[seeds];
        double[] rand = new double[seeds];
        for (int k = 0; k < seeds; k++) {
            darts[k] = retrain(space, result.architecture(), retrainData, test, retrainEpochs, retrainSeeds[k]);
            rand[k] = retrain(space, random, retrainData, test, retrainEpochs, retrainSeeds[k]);
        }
        System.out.println("random cell: " + space.toGenotype(random));
        System.out.printf("RETRAINED test accuracy (%d epochs on %d images, %d test images, seeds %s): DARTS cell %s,"
                + " random cell %s%n", retrainEpochs, retrainData.size(), test.size(),
                java.util.Arrays.toString(retrainSeeds), Summary.of(darts), Summary.of(rand));
        System.out.println("DARTS - random: " + Comparison.welch(darts, rand).verdict());
    }

    /** Trains the cell's network (C=16, 5 cells) with SGD and returns its test accuracy. */
    static double retrain(DartsSpace space, Sample cell, ImageData train, ImageData test, int epochs, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        int batch = 64;
        try (NDManager root = NDManager.newBaseManager("PyTorch")) {
            Block net = CellNetwork.builder().channels(16).cells(5).build(space.freeze(cell));
            net.initialize(root, DataType.FLOAT32, new Shape(batch, 1, 28, 28));
            List<Parameter> params = new ArrayList<>();
            net.getParameters().forEach(p -> {
                if (p.getValue().requiresGradient()) {
                    params.add(p.getValue());
                }
            });
            int steps = train.size() / batch;
            int total = epochs * steps;
            int[] done = {0};
            Optimizer sgd = Optimizer.sgd().setLearningRateTracker((id, n) -> (float) (0.5 * 0.05
                    * (1 + Math.cos(Math.PI * done[0] / total)))).optMomentum(0.9f).optWeightDecays(3e-4f).build();
            ParameterStore ps = new ParameterStore(root, false);
            long t0 = System.nanoTime();
            Random order = new Random(seed);
            int[] idx = new int[train.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            for (int e = 0; e < epochs; e++) {
                for (int i = idx.length - 1; i > 0; i--) {
                    int j = order.nextInt(i + 1);
                    int t = idx[i];
                    idx[i] = idx[j];
                    idx[j] = t;
                }
                for (int s = 0; s < steps; s++) {
                    try (NDManager sm = root.newSubManager();
                         GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        ImageData b = train.select(java.util.Arrays.copyOfRange(idx, s * batch, (s + 1) * batch));
                        NDArray x = sm.create(b.pixels(), new Shape(batch, 1, 28, 28));
                        NDArray y = sm.create(java.util.Arrays.stream(b.labels()).asLongStream().toArray());
                        NDArray logits = net.forward(ps, new NDList(x), true).singletonOrThrow();
                        NDArray loss = logits.logSoftmax(1).gather(y.reshape(-1, 1), 1).mean().neg();
                        gc.backward(loss);
                        for (Parameter p : params) {
                            try (NDArray g = p.getArray().getGradient()) {
                                sgd.update(p.getId(), p.getArray(), g);
                                g.subi(g);
                            }
                        }
                    }
                    done[0]++;
                }
            }
            int correct = 0;
            for (int s = 0; s < test.size(); s += 500) {
                int n = Math.min(500, test.size() - s);
                try (NDManager sm = root.newSubManager()) {
                    ImageData b = test.slice(s, s + n);
                    NDArray x = sm.create(b.pixels(), new Shape(n, 1, 28, 28));
                    long[] pred = net.forward(ps, new NDList(x), false).singletonOrThrow().argMax(1).toLongArray();
                    for (int i = 0; i < n; i++) {
                        correct += pred[i] == b.labels()[i] ? 1 : 0;
                    }
                }
            }
            double acc = (double) correct / test.size();
            System.out.printf("retrained %s: test accuracy %.4f (%.0f s)%n", space.toGenotype(cell), acc,
                    (System.nanoTime() - t0) / 1e9);
            return acc;
        }
    }
}
