package org.jnas.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.data.DatasetMissingException;
import org.jnas.eval.Evaluation;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.Architecture;
import org.jnas.space.ChainSpace;
import org.jnas.space.Spaces;

/**
 * {@code ./jnas sample-train [--samples N] [--train N] [--seed S]}: the shortest real tour of jnas. Samples a few
 * architectures of the small hardware-aware space {@link Spaces#mobile()}, trains each for one epoch on a
 * Fashion-MNIST subset with DJL, and prints their validation accuracy, parameters, MACs, latency and cost.
 */
public final class Quickstart {
    private Quickstart() {
    }

    /** Options of the quickstart, with defaults that take a minute or two on 2 CPU cores. */
    record Options(int samples, int trainImages, long seed) {
        static Options parse(String[] args) {
            int samples = 4;
            int train = 2_000;
            long seed = 42;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                switch (a) {
                    case "--samples" -> samples = positive(a, args[++i]);
                    case "--train" -> train = positive(a, args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + "; use --samples N, --train N, --seed S");
                }
            }
            return new Options(samples, train, seed);
        }

        private static int positive(String option, String value) {
            int v;
            try {
                v = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a positive integer, got '" + value + "'");
            }
            if (v < 1) {
                throw new IllegalArgumentException(option + " needs a positive integer, got " + v);
            }
            return v;
        }
    }

    public static int run(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("jnas sample-train: " + e.getMessage());
            return 2;
        }
        DataSplits data;
        try {
            data = Datasets.fashionMnist();
        } catch (DatasetMissingException e) {
            System.err.println("jnas sample-train: " + e.getMessage());
            return 1;
        }
        run(options, data, System.out);
        return 0;
    }

    /** Trains the sampled architectures and prints one line each; returns how many evaluations succeeded. */
    static int run(Options options, DataSplits data, PrintStream out) {
        ChainSpace space = Spaces.mobile();
        TrainingEvaluator evaluator = Evaluators.train(data).epochs(1).batchSize(64)
                .trainLimit(options.trainImages()).validationLimit(Math.max(200, options.trainImages() / 5)).build();
        out.println("jnas sample-train: " + options.samples() + " random architectures of " + space);
        out.println("evaluator: " + evaluator.describe() + " on " + java.util.Arrays.toString(evaluator.devices()));
        out.printf(Locale.ROOT, "%-3s %8s %9s %11s %10s %7s  %s%n", "#", "accuracy", "params", "MACs", "latency",
                "cost", "architecture");
        Random rng = new Random(options.seed());
        int ok = 0;
        for (int i = 1; i <= options.samples(); i++) {
            Architecture arch = space.freeze(space.sample(rng));
            try {
                Evaluation e = evaluator.evaluate(arch, 1.0, options.seed() + i);
                out.printf(Locale.ROOT, "%-3d %8.4f %9.0f %11.0f %8.2fms %6.1fs  %s%n", i, e.metric("accuracy"),
                        e.metric("params"), e.metric("flops"), e.metric("latency_ms"), e.costSeconds(), arch);
                ok++;
            } catch (EvaluationFailedException e) {
                out.printf(Locale.ROOT, "%-3d failed: %s%n", i, e.getMessage());
            }
        }
        out.println("accuracy: validation split carved from Fashion-MNIST's training images (the test split stays"
                + " unseen); MACs: multiply-accumulates per image; latency: median forward pass of one image.");
        return ok;
    }
}
