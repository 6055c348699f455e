package org.jnas.spark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluator;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.run.TrialExecutor;
import org.jnas.space.CellSpace;
import org.jnas.strategy.Objective;
import org.jnas.strategy.RegularizedEvolution;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Strategy;
import org.jnas.strategy.Trial;

/**
 * Benchmark B6 (../shared/BENCHMARKS.md), {@code ./jnas bench spark [--trials N] [--train N] [--repeats K]}: B4's
 * trials (the quickstart's cell network, one epoch on 12,000 Fashion-MNIST images, accuracy on 5,000 others) in one
 * search run three ways: one local worker of one thread; a standalone cluster of two single-core executors on this
 * machine; the same cluster with one executor killed mid-search. Prints
 * {@code SPARK_SPEEDUP executors=2 ratio=.. same_results=true|false} and the wall-clock seconds of each run.
 *
 * <p>The search is a regularized evolution (population 4, sample 2). The local worker asks two trials ahead like
 * the cluster's two slots ({@link TrialExecutor#local}), so all three runs ask the same trials: a search's
 * trajectory depends on its slot count, not on where or in which order trials finish.
 */
public final class SparkBench {
    /** Metrics that measure the machine, not the network: left out when comparing runs. */
    static final Set<String> TIMING_METRICS = Set.of("images_per_s", "latency_ms");

    private SparkBench() {
    }

    /** The quickstart's 64-cell space. */
    static CellSpace space() {
        return CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
    }

    /** B4's evaluator (on {@code train} images), with no latency measurement (it varies between runs). */
    static Evaluator evaluator(int train, int validation) {
        return Evaluators.train(Datasets.fashionMnist()).network(new NetworkBuilder().channels(8).cellsPerStage(1))
                .epochs(1).batchSize(64).trainLimit(train).validationLimit(validation).latency(null)
                .threads(1).build(); // as each executor (OMP_NUM_THREADS=1 there): the same numbers
    }

    /** A search of {@code trials} trials with seed 42 and no baseline. */
    static Search search(Strategy strategy, Evaluator evaluator, int trials) {
        return Search.of(space()).strategy(strategy).evaluator(evaluator)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(trials)).seed(42)
                .baseline(Baseline.none());
    }

    /**
     * Why two results differ ("" when they have the same trials, in the same order, with the same metrics apart
     * from timings, and the same best architecture).
     */
    static String difference(SearchResult a, SearchResult b) {
        if (a.trials().size() != b.trials().size()) {
            return a.trials().size() + " trials vs " + b.trials().size();
        }
        for (int i = 0; i < a.trials().size(); i++) {
            Trial x = a.trials().get(i);
            Trial y = b.trials().get(i);
            if (!x.sample().equals(y.sample()) || x.fidelity() != y.fidelity() || x.ok() != y.ok()) {
                return "trial " + i + ": " + x + " vs " + y;
            }
            for (Map.Entry<String, Double> m : x.metrics().entrySet()) {
                if (!TIMING_METRICS.contains(m.getKey())
                        && !Objects.equals(m.getValue(), y.metrics().get(m.getKey()))) {
                    return "trial " + i + " " + m.getKey() + ": " + m.getValue() + " vs " + y.metrics().get(m.getKey());
                }
            }
        }
        if (!a.bestTrial().map(Trial::sample).equals(b.bestTrial().map(Trial::sample))) {
            return "best " + a.bestTrial() + " vs " + b.bestTrial();
        }
        return "";
    }

    /**
     * Kills the executor that runs trial {@code id}, as soon as the trial's task starts there, so that the trial is
     * lost mid-training and Spark re-runs it on another executor; sets {@code killedPid}. Add it to the driver
     * with {@code sparkContext().sc().addSparkListener} before the search and remove it after.
     *
     * <p>Why not kill "an executor" when the search hands the trial out: the task reaches an executor later, and an
     * idle executor killed before that loses nothing (a CI run at 6750c08 saw no failed task that way).
     */
    static SparkListener killWhereTrialRuns(LocalCluster cluster, int id, AtomicLong killedPid) {
        String description = "jnas trial " + id; // SparkTrials.submit names each trial's job so
        Set<Integer> stages = ConcurrentHashMap.newKeySet();
        return new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                Properties p = job.properties();
                if (p != null && description.equals(p.getProperty("spark.job.description"))) {
                    job.stageInfos().foreach(stage -> stages.add(stage.stageId()));
                }
            }

            @Override
            public void onTaskStart(SparkListenerTaskStart task) {
                if (stages.contains(task.stageId()) && killedPid.compareAndSet(-1, 0)) {
                    killedPid.set(cluster.killExecutor(task.taskInfo().executorId()));
                }
            }
        };
    }

    static Strategy evolution() {
        return Strategies.regularizedEvolution(new RegularizedEvolution.Options(4, 2, 0.0, 1.0));
    }

    public static void main(String[] args) throws Exception {
        int trials = 8;
        int train = 12_000;
        int validation = 5_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--train" -> train = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ./jnas bench spark [--trials N] [--train IMAGES]");
                    System.exit(2);
                }
            }
        }
        if (trials < 4) {
            throw new IllegalArgumentException("--trials must be at least 4 so that an executor dies mid-search");
        }
        Evaluator evaluator = evaluator(train, validation);
        System.out.printf(Locale.ROOT, "B6: %d trials of %s, regularized evolution, seed 42; local: 1 worker of 1 thread, 2 slots;"
                + " cluster: 2 executors of 1 core on this machine%n", trials, evaluator.describe());
        List<String> lines = new ArrayList<>();
        // the local run first, before Spark starts in this JVM: once seen, libtorch crashed (SIGSEGV in oneDNN)
        // training in a JVM that also ran a Spark driver
        search(evolution(), evaluator, 1).run(); // warm: JIT and libtorch's first network, as the executors get
        long t = System.nanoTime();
        SearchResult local = search(evolution(), evaluator, trials).executor(TrialExecutor.local(1, 2)).run();
        double localS = (System.nanoTime() - t) / 1e9;
        try (LocalCluster cluster = LocalCluster.start(2, 1);
             SparkTrials spark = cluster.connect().slots(2).waitForExecutors(2, Duration.ofSeconds(300)).start()) {
            // warm the executors (engine start, data read on each) outside the timed runs
            search(evolution(), evaluator, 2).executor(spark).run();
            t = System.nanoTime();
            SearchResult onCluster = search(evolution(), evaluator, trials).executor(spark).run();
            double clusterS = (System.nanoTime() - t) / 1e9;
            AtomicLong killed = new AtomicLong(-1);
            SparkListener killer = killWhereTrialRuns(cluster, trials / 2, killed);
            spark.sparkContext().sc().addSparkListener(killer);
            t = System.nanoTime();
            SearchResult withKill = search(evolution(), evaluator, trials).executor(spark).run();
            double killS = (System.nanoTime() - t) / 1e9;
            spark.sparkContext().sc().removeSparkListener(killer);
            String d1 = difference(local, onCluster);
            String d2 = difference(local, withKill);
            boolean same = d1.isEmpty() && d2.isEmpty();
            lines.add(String.format(Locale.ROOT, "SPARK_WALL_S local_1_worker=%.1f cluster_2_executors=%.1f"
                    + " cluster_one_killed=%.1f (executor pid %d killed at trial %d)", localS, clusterS, killS,
                    killed.get(), trials / 2));
            lines.add("SPARK_BEST " + local.bestTrial().map(Trial::toString).orElse("none"));
            if (!same) {
                lines.add("SPARK_DIFFERENCE cluster: " + (d1.isEmpty() ? "none" : d1) + "; killed: "
                        + (d2.isEmpty() ? "none" : d2));
            }
            lines.add(String.format(Locale.ROOT, "SPARK_SPEEDUP executors=2 ratio=%.2f same_results=%s",
                    localS / clusterS, same));
        }
        lines.forEach(System.out::println);
    }
}
