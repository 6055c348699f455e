package org.jnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.jnas.eval.Evaluator;
import org.jnas.run.SearchListener;
import org.jnas.run.SearchResult;
import org.jnas.run.TrialRunnerException;
import org.jnas.run.TrialExecutor;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.RegularizedEvolution;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on this machine (a master and two workers in their own JVMs, on 127.0.0.1 only): a
 * short real-training evolution on it, with the executor that runs trial 3 killed as that trial starts there, gives
 * the same trials, metrics and best architecture as the same search run locally with the same two slots (on one
 * thread: DJL trains one network at a time per JVM). CPU, one libtorch thread per trial on both sides
 * (OMP_NUM_THREADS=1 here and on the executors): a fixed seed then gives the same numbers.
 */
class SparkClusterTest {

    @Test
    @Tag("slow")
    void searchOnClusterWithAKilledExecutorEqualsLocalRun() throws InterruptedException {
        Evaluator evaluator = SparkBench.evaluator(640, 200);
        var strategy = new RegularizedEvolution.Options(3, 2, 0.0, 1.0); // evolves from trial 3 on
        int trials = 7;
        SearchResult local = SparkBench.search(Strategies.regularizedEvolution(strategy), evaluator, trials)
                .executor(TrialExecutor.local(1, 2)).run();
        assertEquals(trials, local.trials().size());
        assertTrue(local.trials().stream().allMatch(t -> t.ok()), () -> "local trials: " + local.trials());

        try (LocalCluster cluster = LocalCluster.start(2, 1, 1500);
             SparkTrials spark = cluster.connect().slots(2).waitForExecutors(2, Duration.ofSeconds(300))
                     .start()) {
            assertEquals(2, cluster.executors().size(), "two executor JVMs run, one per worker");
            AtomicInteger failedTasks = new AtomicInteger();
            spark.sparkContext().sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (!end.taskInfo().successful()) {
                        failedTasks.incrementAndGet(); // the task of the killed executor
                    }
                }
            });
            AtomicLong killed = new AtomicLong(-1);
            spark.sparkContext().sc().addSparkListener(SparkBench.killWhereTrialRuns(cluster, 3, killed));
            SearchResult remote = SparkBench.search(Strategies.regularizedEvolution(strategy), evaluator, trials)
                    .executor(spark).run();

            assertTrue(killed.get() > 0, "the executor running trial 3 was killed");
            // Spark's listener bus delivers events on its own thread: the lost task's event may trail the search
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (failedTasks.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(failedTasks.get() >= 1, "the killed executor's trial was lost and re-run elsewhere");
            assertFalse(ProcessHandle.of(killed.get()).map(ProcessHandle::isAlive).orElse(false));
            assertEquals("", SparkBench.difference(local, remote),
                    "same seed, same trials and metrics as the local run with two slots, despite the lost executor");
            assertEquals(local.best().sample(), remote.best().sample());
        }
    }

    /**
     * One trial per GPU through Spark's resource scheduling, on a local cluster whose worker offers one stand-in GPU
     * (a discovery script that reports GPU "0"; this machine has none): the trial's task is given GPU 0 and the
     * executor, whose DJL is the CPU build, stops the search on the first trial saying so and what to install,
     * instead of training on the CPU unnoticed or failing trial after trial.
     */
    @Test
    @Tag("slow")
    void aTrialGivenAGpuOnAnExecutorWithoutCudaSaysSoOnTheFirstTrial(@TempDir Path tmp) throws IOException {
        Path script = tmp.resolve("gpus.sh");
        Files.writeString(script, "#!/bin/sh\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
        assertTrue(script.toFile().setExecutable(true));
        Evaluator evaluator = SparkBench.evaluator(256, 64);
        AtomicInteger started = new AtomicInteger();
        try (LocalCluster cluster = LocalCluster.start(1, 1, 1500, 1, script);
             SparkTrials spark = cluster.connect().gpusPerTrial(1).waitForExecutors(1, Duration.ofSeconds(300))
                     .start()) {
            assertEquals(1, spark.slots(), "one core and one GPU: one trial at a time");
            var e = assertThrows(TrialRunnerException.class, () -> SparkBench.search(Strategies.random(), evaluator,
                    3).executor(spark).listener(new SearchListener() {
                        @Override
                        public void onTrialStart(int id, Candidate c) {
                            started.incrementAndGet();
                        }
                    }).run());
            assertTrue(e.getMessage().contains("was given GPU 0") && e.getMessage().contains("sees 0 GPU")
                    && e.getMessage().contains("pytorch-native-cu"), e.getMessage());
            assertEquals(1, started.get(), "the search stopped at the first trial");
        }
    }
}
