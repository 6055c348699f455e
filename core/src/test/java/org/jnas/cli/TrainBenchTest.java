package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ./jnas bench train}'s options are checked before any data is loaded or any trial runs. */
class TrainBenchTest {
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
