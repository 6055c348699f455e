package org.jnas.cli;

import java.util.Locale;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.Spaces;
import org.jnas.stats.Comparison;
import org.jnas.stats.Summary;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;

/**
 * Benchmark B2: {@code ./jnas bench nasbench201 --strategy NAME --budget N --seeds K [--dataset cifar10]} runs K
 * searches (seeds 0..K-1) of N queries each, searching on the 12-epoch validation accuracy, and scores each by the
 * 200-epoch test accuracy of the architecture it returns. Prints
 * {@code MEAN_TEST_ACC strategy=NAME budget=N seeds=K mean=.. std=..} (percent; std over seeds, n-1), then, for any
 * strategy but random, random search on the same budget and seeds and whether the difference is beyond noise:
 * {@code VS_RANDOM strategy=NAME random_mean=.. difference .. [95% CI ..], Welch p=.. (n=K vs n=K): verdict}.
 *
 * <p>{@code --cost-budget S} instead of {@code --budget N} gives each search S cost-seconds of (estimated)
 * training, {@link NasBench201#querySeconds}, as the benchmark's papers do (NAS-Bench-201: 12,000 s on CIFAR-10),
 * so cheap architectures cost less of it. Prints {@code MEAN_TEST_ACC strategy=NAME cost_budget=S seeds=K mean=..
 * std=.. ci95=[..,..] queries=..} (queries: mean number per search).
 */
public final class NasBench201Bench {
    private NasBench201Bench() {
    }

    public static int run(String[] args) {
        String strategy = null;
        int budget = -1;
        int seeds = -1;
        double costBudget = -1;
        String dataset = "cifar10";
        try {
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--strategy" -> strategy = v;
                    case "--budget" -> budget = Integer.parseInt(v);
                    case "--cost-budget" -> costBudget = Double.parseDouble(v);
                    case "--seeds" -> seeds = Integer.parseInt(v);
                    case "--dataset" -> dataset = v;
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
                i++;
            }
            if (strategy == null || (budget < 1) == !(costBudget > 0) || seeds < 1) {
                throw new IllegalArgumentException("--strategy, --seeds (>= 1) and one of --budget (queries, >= 1)"
                        + " or --cost-budget (cost-seconds, > 0) are required");
            }
            Strategies.named(strategy, null);
        } catch (RuntimeException e) {
            System.err.println("jnas bench nasbench201: " + e.getMessage() + "\nusage: ./jnas bench nasbench201"
                    + " --strategy " + String.join("|", Strategies.names())
                    + " (--budget N | --cost-budget S) --seeds K"
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
        long t0 = System.nanoTime();
        Budget limit = costBudget > 0 ? Budget.costSeconds(costBudget) : Budget.trials(budget);
        double[][] mine = searches(bench, strategy, limit, seeds);
        double[] scores = mine[0];
        double[] queries = mine[1];
        if (costBudget > 0) {
            Summary s = Summary.of(scores);
            System.out.println(String.format(Locale.ROOT, "MEAN_TEST_ACC strategy=%s cost_budget=%.0f seeds=%d"
                    + " mean=%.2f std=%.2f ci95=[%.2f,%.2f] queries=%.1f", strategy, costBudget, seeds, s.mean(),
                    Double.isNaN(s.sd()) ? 0 : s.sd(), s.ciLow(), s.ciHigh(), Summary.of(queries).mean()));
            againstRandom(bench, strategy, limit, scores);
            System.err.println(String.format(Locale.ROOT, "(%s, %.1f s; optimum %.2f)", bench.describe(),
                    (System.nanoTime() - t0) / 1e9, 100 * bench.bestTestAccuracy()));
            return 0;
        }
        Summary s = Summary.of(scores);
        double mean = s.mean();
        double std = Double.isNaN(s.sd()) ? 0 : s.sd(); // one seed: no spread
        System.out.println(String.format(Locale.ROOT, "MEAN_TEST_ACC strategy=%s budget=%d seeds=%d mean=%.2f"
                + " std=%.2f", strategy, budget, seeds, mean, std));
        againstRandom(bench, strategy, limit, scores);
        System.err.println(String.format(Locale.ROOT, "(%s, %.1f s; optimum %.2f)", bench.describe(),
                (System.nanoTime() - t0) / 1e9, 100 * bench.bestTestAccuracy()));
        return 0;
    }

    /** Test accuracy (percent) and queries of the architecture each of {@code seeds} searches (seeds 0..) returns. */
    private static double[][] searches(NasBench201 bench, String strategy, Budget limit, int seeds) {
        double[] scores = new double[seeds];
        double[] queries = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            var result = Search.of(Spaces.nasBench201()).strategy(Strategies.named(strategy, null)).evaluator(bench)
                    .objectives(Objective.maximize("accuracy")).budget(limit).seed(seed)
                    .baseline(Baseline.none()).run();
            scores[seed] = 100 * bench.testAccuracy(result.best().sample());
            queries[seed] = result.trials().size();
        }
        return new double[][] {scores, queries};
    }

    /**
     * B2 compares every strategy with random search: the same budget and seeds, a Welch test on the mean test
     * accuracy. Prints {@code VS_RANDOM strategy=NAME random_mean=.. difference .. [95% CI ..], Welch p=..: verdict}.
     */
    private static void againstRandom(NasBench201 bench, String strategy, Budget limit, double[] scores) {
        if (strategy.equals("random")) {
            return;
        }
        double[] random = searches(bench, "random", limit, scores.length)[0];
        System.out.println(String.format(Locale.ROOT, "VS_RANDOM strategy=%s random_mean=%.2f ", strategy,
                Summary.of(random).mean()) + Comparison.welch(scores, random).verdict());
    }
}
