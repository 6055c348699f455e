package org.jnas.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.oneshot.GroundTruth;
import org.jnas.run.Retraining;
import org.jnas.space.CellSpace;
import org.jnas.space.Sample;
import org.jnas.stats.RankCorrelation;

/**
 * Benchmark B5 (one-shot ranking quality): {@code ./jnas bench oneshot [--seeds K] [--epochs E] [--cache DIR]
 * [--ground-truth-only | --cached-only]}. Ground truth: every cell of the quickstart's 64-cell space trained
 * stand-alone as in B4 with K seeds (1..K), cached on disk by its settings ({@link GroundTruth}: the first run
 * trains 64 x K networks, later runs read them). One-shot: a supernet trained for E epochs on the same 12,000 images
 * (E stand-alone trials' worth of data), then every cell scored with inherited weights. Prints
 * {@code ONESHOT tau=.. tau_ci=[..,..] spearman=.. n=.. standalone_seeds=.. seed_tau=.. supernet_s=.. score_ms=..}:
 * tau and Spearman between one-shot scores and stand-alone means over the n cells with all K seeds, the bootstrap
 * 95% interval of tau, and the tau between stand-alone seed 1 and seed 2 on the same cells (the agreement seed
 * noise alone allows).
 */
public final class OneShotBench {
    private OneShotBench() {
    }

    /** The quickstart's 64-cell space (notebook 00). */
    static CellSpace space() {
        return CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
    }

    /** B4's stand-alone trial: C=8, one cell per stage, 1 epoch on 12,000 images, batch 64, Adam 1e-3, 5,000 validation. */
    static TrainingEvaluator standalone(DataSplits data) {
        return Evaluators.train(data).network(new NetworkBuilder().channels(8).cellsPerStage(1)).epochs(1)
                .batchSize(64).trainLimit(12_000).validationLimit(5_000).latency(null).build();
    }

    public static int run(String[] args) {
        int k = 2;
        int epochs = 3;
        boolean cachedOnly = false;
        Path cache = Path.of("target", "oneshot-b5");
        boolean groundTruthOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> k = Integer.parseInt(args[++i]);
                    case "--cache" -> cache = Path.of(args[++i]);
                    case "--ground-truth-only" -> groundTruthOnly = true;
                    case "--cached-only" -> cachedOnly = true;
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (k < 2) {
                throw new IllegalArgumentException("--seeds must be at least 2 (the seed-to-seed tau needs two)");
            }
        } catch (RuntimeException e) {
            System.err.println("jnas bench oneshot: " + e.getMessage()
                    + "\nusage: ./jnas bench oneshot [--seeds K>=2] [--epochs E] [--cache DIR]"
                    + " [--ground-truth-only | --cached-only]");
            return 2;
        }
        DataSplits data = Datasets.fashionMnist();
        CellSpace space = space();
        TrainingEvaluator standalone = standalone(data);
        long[] seeds = Retraining.seeds(1, k);
        List<Sample> all = GroundTruth.enumerate(space, 10_000);
        GroundTruth truth = GroundTruth.open(cache, space + " | " + standalone.describe());
        System.out.println("ground truth cache: " + truth.file());
        if (!cachedOnly) {
            truth.complete(space, all, standalone, seeds, System.out::println);
        }
        if (groundTruthOnly) {
            return 0;
        }
        List<Sample> known = truth.complete(GroundTruth.shuffled(all), seeds);
        if (known.size() < RankCorrelation.MIN_PAIRS) {
            System.err.println("jnas bench oneshot: only " + known.size() + " cells have all " + k + " seeds in "
                    + truth.file() + "; run without --cached-only to train the rest");
            return 1;
        }
        var oneShot = Evaluators.oneShot(space, data).channels(8).cellsPerStage(1).epochs(epochs).batchSize(64)
                .trainLimit(12_000).validationLimit(1_000).costs(false).seed(0)
                .log(System.out::println).build();
        try (oneShot) {
            var training = oneShot.train();
            System.out.println(training);
            double[] scores = new double[known.size()];
            double[] means = new double[known.size()];
            double[] first = new double[known.size()];
            double[] second = new double[known.size()];
            long t0 = System.nanoTime();
            for (int i = 0; i < known.size(); i++) {
                Sample s = known.get(i);
                scores[i] = oneShot.evaluate(space.freeze(s), 1.0, 0).metric("accuracy");
                means[i] = truth.mean(s, seeds);
                first[i] = truth.accuracy(s, seeds[0]);
                second[i] = truth.accuracy(s, seeds[1]);
            }
            double scoreMs = (System.nanoTime() - t0) / 1e6 / known.size();
            var r = RankCorrelation.compare(scores, means);
            double seedTau = RankCorrelation.kendallTau(first, second);
            System.out.println(String.format(Locale.ROOT, "one-shot vs stand-alone mean over %d cells: %s", known.size(),
                    r));
            System.out.println(String.format(Locale.ROOT,
                    "ONESHOT tau=%.3f tau_ci=[%.3f,%.3f] spearman=%.3f n=%d standalone_seeds=%d seed_tau=%.3f"
                            + " supernet_s=%.1f score_ms=%.1f",
                    r.kendall(), r.tauLow(), r.tauHigh(), r.spearman(), r.n(), k, seedTau, training.seconds(),
                    scoreMs));
        }
        return 0;
    }
}
