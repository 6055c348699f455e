package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.Evaluators;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.eval.djl.Devices;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.CellSpace;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One trial per device, tested with CPU devices standing in for GPUs ({@code cpu(0)}, {@code cpu(1)}):
 * workers are pinned to devices in turn for their life, and a training evaluator on a pinned worker trains on that
 * device alone. Also: a space the evaluator cannot score is refused before the first trial.
 */
class DevicePinningTest {

    /** CPU device {@code i}: DJL 0.36 has no {@code Device.cpu(int)}, so build it as a GPU id would be. */
    private static Device cpu(int i) {
        return Device.of(Device.Type.CPU, i);
    }

    @Test
    void workersTakeTheDevicesInTurn() {
        Device[] two = {cpu(0), cpu(1)};
        assertEquals(cpu(0), Devices.forWorker(0, two));
        assertEquals(cpu(1), Devices.forWorker(1, two));
        assertEquals(cpu(0), Devices.forWorker(2, two));
        assertEquals(cpu(1), Devices.forWorker(3, two));
        assertThrows(IllegalArgumentException.class, () -> Devices.forWorker(0, new Device[0]));
        assertArrayEquals(two, Devices.forThisTrial(two), "an unpinned thread uses the evaluator's own devices");
    }

    @Test
    void aSearchPinsEachWorkerToOneDeviceForEveryTrialItRuns() {
        Map<String, Device> deviceOfThread = new ConcurrentHashMap<>();
        Map<Device, Integer> trialsOnDevice = new ConcurrentHashMap<>();
        Evaluator recording = (arch, fidelity, seed) -> {
            Device d = Devices.pinned().orElseThrow(() -> new AssertionError("trial ran on an unpinned thread"));
            Device before = deviceOfThread.putIfAbsent(Thread.currentThread().getName(), d);
            assertTrue(before == null || before.equals(d), "a worker changed device");
            trialsOnDevice.merge(d, 1, Integer::sum);
            try {
                Thread.sleep(20); // both workers busy at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Evaluation.of(Map.of("accuracy", (double) (seed & 0xff)), 0.02);
        };
        var search = Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(recording)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(12)).seed(3).workers(2)
                .devices(cpu(0), cpu(1)).baseline(Baseline.none());
        assertTrue(search.toString().contains("2 worker(s) on " + java.util.Arrays.toString(new Device[] {cpu(0),
                cpu(1)}) + " in turn"), search.toString());
        var result = search.run();
        assertEquals(12, result.trials().size());
        assertEquals(Map.of("jnas-trial-1", cpu(0), "jnas-trial-2", cpu(1)), deviceOfThread);
        assertEquals(12, trialsOnDevice.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(trialsOnDevice.get(cpu(0)) >= 3 && trialsOnDevice.get(cpu(1)) >= 3, "both devices"
                + " worked: " + trialsOnDevice);
    }

    @Test
    void aTrainingTrialOnAPinnedWorkerPutsItsArraysOnThatDevice() throws Exception {
        // configured for a GPU this CPU build does not have: only the worker's pin can make it train
        TrainingEvaluator gpuOnly = Evaluators.train(Datasets.fashionMnist()).trainLimit(256).validationLimit(128)
                .batchSize(64).threads(1).latency(null).devices(Device.gpu(0)).build();
        var arch = Spaces.nasBench201().freeze(Spaces.nasBench201().sample(new java.util.Random(1)));
        assertThrows(RuntimeException.class, () -> gpuOnly.evaluate(arch, 1.0, 5), "gpu(0) is not here");
        var pool = Executors.newSingleThreadExecutor();
        try {
            Evaluation pinned = pool.submit(() -> {
                Devices.pin(Device.cpu());
                return gpuOnly.evaluate(arch, 1.0, 5);
            }).get(120, TimeUnit.SECONDS);
            assertTrue(pinned.metric("accuracy") > 0.05, pinned.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSpaceTheEvaluatorCannotScoreIsRefusedBeforeTheFirstTrial(@TempDir Path dir) {
        var custom = CellSpace.builder("tiny").inputs(1).nodes(2).ops("skip_connect", "nor_conv_3x3").build();
        Path journal = dir.resolve("refused.jsonl");
        var e = assertThrows(IllegalArgumentException.class, () -> Search.of(custom)
                .strategy(Strategies.regularizedEvolution()).evaluator(NasBench201.load()).budget(Budget.trials(5))
                .journal(journal).run());
        assertTrue(e.getMessage().startsWith("cannot search space 'tiny' with nasbench201(")
                && e.getMessage().contains("3 edges between 3 nodes"), e.getMessage());
        assertTrue(Files.notExists(journal), "no trial ran, nothing was journaled");
        assertTrue(NasBench201.load().cannotEvaluate(Spaces.nasBench201()).isEmpty());
    }
}
