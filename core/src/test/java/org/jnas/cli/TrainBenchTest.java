package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnas.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jnas bench train}'s options are checked before any data is loaded or any trial runs; Ctrl-C stops its trial
 * at the next batch; its trials time what the peer's do.
 */
class TrainBenchTest {
    @Test
    void b4TrialsTrainAndScoreWithoutMeasuringLatencyAndALineSaysWhatLatencyAdds() {
        // B4 times what the PyTorch peer does, training and scoring; a search's trial also measures latency by
        // default, and the benchmark prints that cost apart instead of hiding it
        var network = TrainBench.network();
        var arch = TrainBench.architecture();
        var evaluator = TrainBench.evaluator(Datasets.fashionMnist().limit(640, 320), network, 64, 2,
                new Device[] {Device.cpu()});
        var metrics = evaluator.evaluate(arch, 1.0, 0).metrics();
        assertTrue(metrics.containsKey("accuracy") && metrics.containsKey("params"), metrics.toString());
        assertFalse(metrics.containsKey("latency_ms"), metrics.toString());
        String line = TrainBench.latencyCost(network, arch, 2, Device.cpu());
        assertTrue(line.matches("LATENCY_MEASUREMENT_MS median=(\\d+) min=\\d+ max=\\d+ \\(not in TRIAL_S: .*"), line);
        // 25 to 105 forward passes of a 43k-parameter network: never free
        assertTrue(Integer.parseInt(line.replaceAll("^LATENCY_MEASUREMENT_MS median=(\\d+) .*", "$1")) > 0, line);
    }

    @Test
    @Tag("slow")
    void sigtermMidTrialStopsTheTrialAtItsNextBatchBeforeTheJvmExits(@TempDir Path dir) throws Exception {
        // a JVM that exited under a trial still inside libtorch once crashed there (a SIGSEGV): the trial must stop
        // first, and at once, not after the rest of its epoch (B4's trial is 7-10 s here; a batch, tens of ms)
        Path log = dir.resolve("bench.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx1g", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "bench", "train", "--repeats", "1");
        pb.directory(new File(System.getProperty("user.dir")));
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Path workDir = Path.of(System.getProperty("user.dir"));
        List<Path> crashLogsBefore = TrainSearchKillTest.crashLogs(workDir);
        Process bench = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("B4: JVM heap") && bench.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(4000); // into the first trial's training: here it runs from about 1.5 s to 10 s after that line
        assertTrue(bench.isAlive(), "the benchmark ended before it could be stopped: " + Files.readString(log));
        assertFalse(Files.readString(log).contains("warm-up round"), "the first trial ended before the signal");
        long signalled = System.nanoTime();
        bench.destroy(); // SIGTERM on Linux, as Ctrl-C's SIGINT: the shutdown hook runs
        // its last line, printed once the trial's thread has stopped (the JVM's own exit takes a second or two more)
        long giveUp = signalled + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(log).contains("bench train: stopped") && bench.isAlive()
                && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        double stopSeconds = (System.nanoTime() - signalled) / 1e9;
        assertTrue(bench.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM: " + Files.readString(log));
        String text = Files.readString(log);
        assertEquals(143, bench.exitValue(), "ended by SIGTERM: " + text);
        assertTrue(text.contains("jnas bench: stopping") && text.contains("bench train: stopped"), text);
        assertFalse(text.contains("warm-up round") || text.contains("A fatal error has been detected"), text);
        assertEquals(crashLogsBefore, TrainSearchKillTest.crashLogs(workDir),
                "no JVM crash log (hs_err_pid*.log) was written");
        // here 0.1-0.2 s; a trial that trained on to the end of its epoch would take 4 s or more
        assertTrue(stopSeconds < 2, "the trial stopped " + stopSeconds + " s after SIGTERM: it trained on");
    }

    @Test
    void profileWithoutThePeerIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--profile"}));
        assertTrue(e.getMessage().contains("--with-peer"), e.getMessage());
    }

    @Test
    void profileWithSeveralWorkersIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainBench.run(new String[] {"--with-peer", "--workers", "2", "--profile"}));
        assertTrue(e.getMessage().contains("--workers 1"), e.getMessage());
    }

    @Test
    void aGpuWhereDjlSeesNoneIsRefusedBeforeAnyTrainingWithWhatToDo() {
        // this build carries the CPU libtorch: "gpu" must be refused, saying how to get a GPU build or use the CPU
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainBench.run(new String[] {"--device", "gpu", "--repeats", "1"}));
        assertTrue(e.getMessage().startsWith("--device \"gpu\" but DJL sees no GPU"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA profile") && e.getMessage().contains("\"cpu\""), e.getMessage());
    }

    @Test
    void anUnknownDeviceNamesTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--device", "tpu"}));
        assertTrue(e.getMessage().contains("\"tpu\"") && e.getMessage().contains("\"gpu:N\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--device"}));
        assertTrue(e.getMessage().contains("--device needs cpu, gpu or gpu:N"), e.getMessage());
    }

    @Test
    void unknownOptionsNameTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--round", "3"}));
        assertTrue(e.getMessage().contains("--rounds N") || e.getMessage().contains("--repeats N"), e.getMessage());
    }

    @Test
    void thePairedRatioSeesASteadyGapOnceTheWarmUpRoundIsLeftOut() {
        // B4 on the AMD VM, 10 interleaved rounds (2026-11-30); round 0 is each side's first trial in its process
        double[] jnas = {11.61, 7.20, 6.52, 7.44, 6.66, 6.53, 6.05, 6.23, 6.43, 6.87};
        double[] peer = {15.18, 6.55, 6.25, 6.73, 5.90, 5.79, 5.75, 5.78, 5.94, 5.83};
        String all = TrainBench.pairedRatio(jnas, peer);
        assertTrue(all.startsWith("jnas/peer=1.06 [95% CI ") && all.endsWith("within noise"), all);
        double[] j = java.util.Arrays.copyOfRange(jnas, 1, 10);
        double[] p = java.util.Arrays.copyOfRange(peer, 1, 10);
        String warm = TrainBench.pairedRatio(j, p); // jnas slower in each of the 9 rounds
        assertTrue(warm.startsWith("jnas/peer=1.10 [95% CI ") && warm.endsWith("jnas slower, beyond noise"), warm);
        assertTrue(TrainBench.pairedRatio(p, j).endsWith("jnas faster, beyond noise"));
        assertTrue(TrainBench.pairedRatio(new double[] {6}, new double[] {5}).contains("1 round: no interval"));
    }
}
