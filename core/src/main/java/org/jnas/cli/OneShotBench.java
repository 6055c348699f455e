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

/**
 * Benchmark B5 (one-shot ranking quality): {@code ./jnas bench oneshot [--seeds K] [--cache DIR]
 * [--ground-truth-only]}.
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
        Path cache = Path.of("target", "oneshot-b5");
        boolean groundTruthOnly = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--seeds" -> k = Integer.parseInt(args[++i]);
                    case "--cache" -> cache = Path.of(args[++i]);
                    case "--ground-truth-only" -> groundTruthOnly = true;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (k < 2) {
                throw new IllegalArgumentException("--seeds must be at least 2 (the seed-to-seed tau needs two)");
            }
        } catch (RuntimeException e) {
            System.err.println("jnas bench oneshot: " + e.getMessage()
                    + "\nusage: ./jnas bench oneshot [--seeds K>=2] [--cache DIR] [--ground-truth-only]");
            return 2;
        }
        DataSplits data = Datasets.fashionMnist();
        CellSpace space = space();
        TrainingEvaluator standalone = standalone(data);
        long[] seeds = Retraining.seeds(1, k);
        List<Sample> all = GroundTruth.enumerate(space, 10_000);
        GroundTruth truth = GroundTruth.open(cache, space + " | " + standalone.describe());
        System.out.println("ground truth cache: " + truth.file());
        truth.complete(space, all, standalone, seeds, System.out::println);
        if (groundTruthOnly) {
            return 0;
        }
        System.out.println(String.format(Locale.ROOT, "%d cells x %d seeds", all.size(), k));
        return 0;
    }
}
