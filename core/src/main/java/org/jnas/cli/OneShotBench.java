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
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.jnas.space.TransformerSpace;
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
 *
 * <p>{@code --space vit} runs the same check on the transformer space ({@code Spaces.vit()}, with its
 * AutoFormer-style {@link org.jnas.oneshot.TransformerSupernet}): that space has thousands of networks, so the
 * ground truth is {@code --archs N} distinct ones drawn uniformly (seed 0; the choices of layers beyond the sampled
 * depth set to their first option, so that no network appears twice), trained stand-alone with the same recipe as
 * the cells (1 epoch, batch 64, Adam 1e-3). {@code --train-limit T} (default 12,000) sets the training images of
 * both sides, for a quick run; the figure to quote uses the default and n &gt;= 30.
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
        return standalone(data, DEFAULT_TRAIN_LIMIT);
    }

    /** The same trial on {@code trainLimit} images (a transformer ignores the cell skeleton's settings). */
    static TrainingEvaluator standalone(DataSplits data, int trainLimit) {
        return Evaluators.train(data).network(new NetworkBuilder().channels(8).cellsPerStage(1)).epochs(1)
                .batchSize(64).trainLimit(trainLimit).validationLimit(5_000).latency(null).build();
    }

    static final int DEFAULT_TRAIN_LIMIT = 12_000;

    /**
     * {@code n} distinct networks of a transformer space, drawn uniformly with seed 0: the heads and MLP ratio of
     * every layer beyond the sampled depth are set to their first option (they do not change the network), so two
     * samples never name the same network.
     */
    static List<Sample> distinctTransformers(TransformerSpace space, int n) {
        var rng = new java.util.Random(0);
        var out = new java.util.LinkedHashMap<String, Sample>();
        for (int tries = 0; out.size() < n && tries < 100 * n; tries++) {
            Sample s = space.sample(rng);
            int depth = space.freeze(s).depth();
            for (var c : space.choices()) {
                String label = c.label();
                int layer = label.startsWith("l") && label.contains("/")
                        ? Integer.parseInt(label.substring(1, label.indexOf('/'))) : -1;
                if (layer >= depth) {
                    s = s.with(label, c.options().get(0));
                }
            }
            out.putIfAbsent(s.key(), s);
        }
        return new java.util.ArrayList<>(out.values());
    }

    public static int run(String[] args) {
        int k = 2;
        int epochs = 3;
        boolean cachedOnly = false;
        Path cache = Path.of("target", "oneshot-b5");
        boolean groundTruthOnly = false;
        String spaceName = "cell";
        int archs = 30;
        int trainLimit = DEFAULT_TRAIN_LIMIT;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> k = Integer.parseInt(args[++i]);
                    case "--cache" -> cache = Path.of(args[++i]);
                    case "--ground-truth-only" -> groundTruthOnly = true;
                    case "--cached-only" -> cachedOnly = true;
                    case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                    case "--space" -> spaceName = args[++i];
                    case "--archs" -> archs = Integer.parseInt(args[++i]);
                    case "--train-limit" -> trainLimit = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (k < 2) {
                throw new IllegalArgumentException("--seeds must be at least 2 (the seed-to-seed tau needs two)");
            }
            if (!spaceName.equals("cell") && !spaceName.equals("vit")) {
                throw new IllegalArgumentException("--space must be 'cell' (the quickstart's 64 cells) or 'vit'"
                        + " (Spaces.vit(), a sample of --archs networks), got '" + spaceName + "'");
            }
            if (archs < RankCorrelation.MIN_PAIRS) {
                throw new IllegalArgumentException("--archs must be at least " + RankCorrelation.MIN_PAIRS
                        + " (a rank correlation needs that many), got " + archs);
            }
            if (trainLimit < 64) {
                throw new IllegalArgumentException("--train-limit must be at least one batch (64), got "
                        + trainLimit);
            }
        } catch (RuntimeException e) {
            System.err.println("jnas bench oneshot: " + e.getMessage()
                    + "\nusage: ./jnas bench oneshot [--space cell|vit] [--archs N (vit)] [--seeds K>=2] [--epochs E]"
                    + " [--train-limit T] [--cache DIR] [--ground-truth-only | --cached-only]");
            return 2;
        }
        DataSplits data = Datasets.fashionMnist();
        boolean vit = spaceName.equals("vit");
        SearchSpace space = vit ? Spaces.vit() : space();
        TrainingEvaluator standalone = standalone(data, trainLimit);
        long[] seeds = Retraining.seeds(1, k);
        List<Sample> all = vit ? distinctTransformers((TransformerSpace) space, archs)
                : GroundTruth.enumerate(space, 10_000);
        String what = vit ? "transformers" : "cells";
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
            System.err.println("jnas bench oneshot: only " + known.size() + " " + what + " have all " + k + " seeds in "
                    + truth.file() + "; run without --cached-only to train the rest");
            return 1;
        }
        var oneShot = Evaluators.oneShot(space, data).channels(8).cellsPerStage(1).epochs(epochs).batchSize(64)
                .trainLimit(trainLimit).validationLimit(1_000).costs(false).seed(0)
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
            System.out.println(String.format(Locale.ROOT, "one-shot vs stand-alone mean over %d %s of %s: %s",
                    known.size(), what, space.name(), r));
            System.out.println(String.format(Locale.ROOT,
                    "ONESHOT tau=%.3f tau_ci=[%.3f,%.3f] spearman=%.3f n=%d standalone_seeds=%d seed_tau=%.3f"
                            + " supernet_s=%.1f score_ms=%.1f space=%s train_images=%d",
                    r.kendall(), r.tauLow(), r.tauHigh(), r.spearman(), r.n(), k, seedTau, training.seconds(),
                    scoreMs, space.name(), trainLimit));
        }
        return 0;
    }
}
