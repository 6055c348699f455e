package org.jnas.cli;

import java.util.Locale;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;

/**
 * Benchmark B2: {@code ./jnas bench nasbench201 --strategy NAME --budget N --seeds K [--dataset cifar10]} runs K
 * searches (seeds 0..K-1) of N queries each, searching on the 12-epoch validation accuracy, and scores each by the
 * 200-epoch test accuracy of the architecture it returns. Prints
 * {@code MEAN_TEST_ACC strategy=NAME budget=N seeds=K mean=.. std=..} (percent; std over seeds, n-1).
 */
public final class NasBench201Bench {
    private NasBench201Bench() {
    }

    public static int run(String[] args) {
        String strategy = null;
        int budget = -1;
        int seeds = -1;
        String dataset = "cifar10";
        try {
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--strategy" -> strategy = v;
                    case "--budget" -> budget = Integer.parseInt(v);
                    case "--seeds" -> seeds = Integer.parseInt(v);
                    case "--dataset" -> dataset = v;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
                i++;
            }
            if (strategy == null || budget < 1 || seeds < 1) {
                throw new IllegalArgumentException("--strategy, --budget (>= 1) and --seeds (>= 1) are required");
            }
            Strategies.named(strategy, null);
        } catch (RuntimeException e) {
            System.err.println("jnas bench nasbench201: " + e.getMessage() + "\nusage: ./jnas bench nasbench201"
                    + " --strategy " + String.join("|", Strategies.names()) + " --budget N --seeds K"
                    + " [--dataset cifar10|cifar100|imagenet16]");
            return 2;
        }
        NasBench201 bench;
        try {
            bench = NasBench201.load().dataset(NasBench201.Dataset.parse(dataset));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("jnas bench nasbench201: " + e.getMessage());
            return 2;
        }
        double[] scores = new double[seeds];
        long t0 = System.nanoTime();
        for (int seed = 0; seed < seeds; seed++) {
            var result = Search.of(Spaces.nasBench201()).strategy(Strategies.named(strategy, null)).evaluator(bench)
                    .objectives(Objective.maximize("accuracy")).budget(Budget.trials(budget)).seed(seed)
                    .baseline(Baseline.none()).run();
            scores[seed] = 100 * bench.testAccuracy(result.best().sample());
        }
        double mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= seeds;
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean);
        }
        double std = seeds > 1 ? Math.sqrt(var / (seeds - 1)) : 0;
        System.out.println(String.format(Locale.ROOT, "MEAN_TEST_ACC strategy=%s budget=%d seeds=%d mean=%.2f"
                + " std=%.2f", strategy, budget, seeds, mean, std));
        System.err.println(String.format(Locale.ROOT, "(%s, %.1f s; optimum %.2f)", bench.describe(),
                (System.nanoTime() - t0) / 1e9, 100 * bench.bestTestAccuracy()));
        return 0;
    }
}
