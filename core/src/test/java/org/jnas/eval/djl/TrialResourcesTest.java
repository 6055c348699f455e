package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.ObjectName;
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

    /**
     * Resident memory outside the Java heap (MB, {@link ResidentMemory#nativeMb()}), once freed memory has been handed
     * back: a trial's native memory is released when the garbage collector's cleaners run, which happens after {@code
     * System.gc()} returns (measured right after it, RSS still held 120 MB that the cleaners freed a moment later),
     * and glibc keeps freed memory in its arenas until trimmed. What remains is memory something still holds. The
     * Java heap's pages are left out: the collector commits more heap when it sees fit (308 MB in this window in one
     * run of the suite, with the live heap flat), and Java objects a trial leaked show in the live heap checked
     * beside it.
     */
    private static double settledNativeMb() throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return ResidentMemory.nativeMb();
    }

    private static double heapAfterGcMb() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
    }

    @Test
    void trialsDoNotGrowHeapOrResidentMemory() throws Exception {
        // tiny trials (4 batches of 64, 64 validation images, latency measured) of the quickstart's network at 24
        // channels: what a trial allocates and frees is all there, at a fraction of the cost. The network is wide
        // enough (about 0.3M weights) that leaking what a trial holds shows above the noise of RSS (+-30 MB): its
        // Adam state alone, which DJL used to leak (see OptimizerState), grew RSS by 3 MB a trial (+90 MB over 30)
        TrainingEvaluator eval = Evaluators.train(fashion).network(new NetworkBuilder().channels(24))
                .trainLimit(256).validationLimit(64).batchSize(64).devices(Device.cpu()).build();
        // warm-up: allocator pools, JIT, class loading reach their steady size
        for (int i = 0; i < 20; i++) {
            eval.evaluate(cell, 1.0, i);
        }
        // RSS is compared between two windows of the same length that each start with a trim: after a trim the
        // next ~10 trials fault about 40 MB back in (then RSS stays flat), so a baseline taken a few trials after a
        // trim would read low
        int trials = 40; // 100 trials in all, as long a search as issue 13 asks to stay flat
        settledNativeMb();
        for (int i = 0; i < trials; i++) {
            eval.evaluate(cell, 1.0, 100 + i);
        }
        double heap0 = heapAfterGcMb();
        double rss0 = settledNativeMb();
        double heapRss0 = ResidentMemory.heapMb();
        for (int i = 0; i < trials; i++) {
            eval.evaluate(cell, 1.0, 200 + i);
        }
        double heap1 = heapAfterGcMb();
        double rss1 = settledNativeMb();
        double heapRss1 = ResidentMemory.heapMb();
        System.out.printf("%d trials: heap after GC %.1f -> %.1f MB, RSS outside the heap %.0f -> %.0f MB"
                + " (the heap's own pages %.0f -> %.0f MB)%n", trials, heap0, heap1, rss0, rss1, heapRss0, heapRss1);
        assertTrue(heap1 - heap0 < 8, "heap grew by " + (heap1 - heap0) + " MB over " + trials + " trials");
        assertTrue(rss1 - rss0 < 40, "RSS outside the Java heap grew by " + (rss1 - rss0) + " MB over " + trials
                + " trials");
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
