package org.jnas.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.data.FashionMnist;
import org.jnas.eval.Evaluator;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.run.SearchListener;
import org.jnas.run.SearchResult;
import org.jnas.run.TrialRunnerException;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input and interrupts: each fails (or stops) at once with a message that says what to fix. */
class SparkTrialsTest {

    @Test
    void unreachableMasterFailsFastNamingTheAddress() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free again once closed: nothing listens there
        }
        String url = "spark://127.0.0.1:" + port;
        long t0 = System.nanoTime();
        var e = assertThrows(TrialRunnerException.class, () -> SparkTrials.connect(url));
        assertTrue((System.nanoTime() - t0) / 1e9 < 10, "fails within seconds, not after Spark's retries");
        assertTrue(e.getMessage().contains(url) && e.getMessage().contains("Check that the master runs"),
                e.getMessage());
    }

    @Test
    void executorWithoutTheDataSaysSoOnTheFirstTrial(@TempDir Path tmp) throws IOException {
        // the driver reads its copy of the data; the executor finds the folder gone (as on a worker without it)
        Path copy = Files.createDirectories(tmp.resolve("fashion-mnist"));
        try (var files = Files.list(FashionMnist.defaultDir())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Evaluator evaluator = Evaluators.train(Datasets.fashionMnist(copy))
                .network(new NetworkBuilder().channels(4)).trainLimit(256).validationLimit(64).latency(null).build();
        try (var files = Files.list(copy)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        AtomicInteger started = new AtomicInteger();
        try (SparkTrials spark = SparkTrials.local(1)) {
            var e = assertThrows(TrialRunnerException.class, () -> SparkBench.search(Strategies.random(), evaluator, 5)
                    .executor(spark).listener(new SearchListener() {
                        @Override
                        public void onTrialStart(int id, Candidate c) {
                            started.incrementAndGet();
                        }
                    }).run());
            assertTrue(e.getMessage().contains("trial 0") && e.getMessage().contains(copy.toString())
                    && e.getMessage().contains("same path on every executor"), e.getMessage());
            assertEquals(1, started.get(), "the search stopped at the first trial");
        }
    }

    @Test
    void evaluatorWithDataInMemoryIsRefusedBeforeAnyTraining() {
        float[] pixels = new float[128 * 28 * 28];
        int[] labels = new int[128];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        var images = Datasets.fromArrays("mine", pixels, labels, 1, 28, 28, 10);
        Evaluator inMemory = Evaluators.train(DataSplits.of("mine", images, images, images)).batchSize(32).build();
        try (SparkTrials spark = SparkTrials.local(1)) {
            AtomicInteger jobs = new AtomicInteger();
            spark.sparkContext().sc().addSparkListener(new SparkListener() {
                @Override
                public void onJobStart(SparkListenerJobStart start) {
                    jobs.incrementAndGet();
                }
            });
            var e = assertThrows(IllegalArgumentException.class,
                    () -> SparkBench.search(Strategies.random(), inMemory, 3).executor(spark).run());
            assertTrue(e.getMessage().contains("no recipe") && e.getMessage().contains("Datasets.fashionMnist()"),
                    e.getMessage());
            assertEquals(0, jobs.get(), "no Spark job was submitted");
        }
    }

    @Test
    void interruptedSearchCancelsItsSparkJobs() throws Exception {
        Evaluator evaluator = SparkBench.evaluator(6_000, 500); // long enough to be interrupted mid-trial
        try (SparkTrials spark = SparkTrials.local(1)) {
            CountDownLatch running = new CountDownLatch(1);
            AtomicReference<SearchResult> result = new AtomicReference<>();
            Thread search = new Thread(() -> result.set(SparkBench.search(Strategies.random(), evaluator, 4)
                    .executor(spark).listener(new SearchListener() {
                        @Override
                        public void onTrialStart(int id, Candidate c) {
                            running.countDown();
                        }
                    }).run()));
            search.start();
            assertTrue(running.await(60, TimeUnit.SECONDS));
            Thread.sleep(1500);
            assertEquals(1, spark.sparkContext().statusTracker().getActiveJobIds().length, "a trial job runs");
            search.interrupt(); // what the notebook's stop button does to the cell's thread
            search.join(30_000);
            assertTrue(result.get() != null && result.get().interrupted(), "the search ended, marked interrupted");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (spark.sparkContext().statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, spark.sparkContext().statusTracker().getActiveJobIds().length, "its Spark job was cancelled");
        }
    }
}
