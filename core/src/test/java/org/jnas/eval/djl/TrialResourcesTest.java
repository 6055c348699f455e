package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluators;
import org.jnas.space.Architecture;
import org.jnas.space.CellSpace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a long search needs from its trials: no growth in memory per trial, and trials that can run at once. */
class TrialResourcesTest {
    private static DataSplits fashion;
    private static Architecture cell;

    @BeforeAll
    static void load() {
        fashion = Datasets.fashionMnist();
        CellSpace space = CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
        cell = space.freeze(space.fromArchString("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|"));
    }

    /** Resident memory of this process (MB), from /proc (Linux). */
    private static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    @Test
    void hundredTrialsDoNotGrowHeapOrResidentMemory() throws Exception {
        // tiny trials (4 batches of 64, 64 validation images, latency measured) of the quickstart's network: what
        // a trial allocates and frees is all there, at a fraction of the cost
        TrainingEvaluator eval = Evaluators.train(fashion).network(new NetworkBuilder().channels(8))
                .trainLimit(256).validationLimit(64).batchSize(64).devices(Device.cpu()).build();
        for (int i = 0; i < 20; i++) { // warm-up: allocator pools, JIT, class loading reach their steady size
            eval.evaluate(cell, 1.0, i);
        }
        double heap0 = heapAfterGcMb();
        double rss0 = rssMb();
        for (int i = 0; i < 100; i++) {
            eval.evaluate(cell, 1.0, 100 + i);
        }
        double heap1 = heapAfterGcMb();
        double rss1 = rssMb();
        System.out.printf("100 trials: heap after GC %.1f -> %.1f MB, RSS %.0f -> %.0f MB%n", heap0, heap1, rss0,
                rss1);
        // a leaked network (43k parameters, Adam state, one batch's activations: over 10 MB a trial) would grow RSS
        // by far more than these bounds
        assertTrue(heap1 - heap0 < 8, "heap grew by " + (heap1 - heap0) + " MB over 100 trials");
        assertTrue(rss1 - rss0 < 48, "RSS grew by " + (rss1 - rss0) + " MB over 100 trials");
    }

    @Test
    void trialsRunAtOnceGiveTheSameNumbersAsOneAfterAnother() throws Exception {
        // DJL allows one GradientCollector per process; trials of parallel search workers must not need it
        TrainingEvaluator eval = Evaluators.train(fashion).network(new NetworkBuilder().channels(8))
                .trainLimit(640).validationLimit(200).batchSize(64).threads(1).latency(null)
                .devices(Device.cpu()).build();
        List<Evaluation> sequential = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            sequential.add(eval.evaluate(cell, 1.0, s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Evaluation>> parallel = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                long seed = s;
                parallel.add(pool.submit(() -> eval.evaluate(cell, 1.0, seed)));
            }
            for (int s = 0; s < 4; s++) {
                Evaluation p = parallel.get(s).get();
                // same seed, same thread count (1 per trial): the same numbers, whatever runs beside it
                assertEquals(sequential.get(s).metric("accuracy"), p.metric("accuracy"), "seed " + s);
                assertEquals(sequential.get(s).metric("train_loss"), p.metric("train_loss"), "seed " + s);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
