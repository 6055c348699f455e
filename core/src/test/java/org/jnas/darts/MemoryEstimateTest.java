package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jnas.Jnas;
import org.jnas.data.FashionMnist;
import org.jnas.data.ImageData;
import org.jnas.eval.djl.Threads;
import org.jnas.space.DartsSpace;
import org.jnas.space.Spaces;
import org.jnas.util.ProcStatus;
import org.junit.jupiter.api.Test;

/** The memory estimate made before a search is within a factor of 2 of the peak the search really reaches. */
class MemoryEstimateTest {

    /**
     * Measured in a fresh JVM: in a JVM that already ran searches, the allocator reuses memory it kept, and the
     * peak would rise less than a fresh process's does.
     */
    @Test
    void estimateIsWithinAFactorOfTwoOfTheMeasuredPeak() throws Exception {
        SupernetShape shape = SupernetShape.benchmark().withChannels(8).withCells(5);
        MemoryEstimate estimate = MemoryEstimate.of(DartsSpace.standard(), shape, 32, false);
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MemoryEstimateTest.class.getName())
                .redirectErrorStream(true);
        // big blocks mmap'd and unmapped on free: the peak RSS then follows the live tensors, not how much freed
        // memory this machine's malloc happens to keep
        child.environment().put("MALLOC_MMAP_THRESHOLD_", "131072");
        Process p = child.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor() == 0, out);
        var m = java.util.regex.Pattern.compile("PEAK_INCREASE_BYTES (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        long peak = Long.parseLong(m.group(1));
        double ratio = (double) estimate.totalBytes() / peak;
        System.out.printf("memory: estimate %s, measured peak increase %d MB, ratio %.2f%n", estimate,
                peak >> 20, ratio);
        assertTrue(ratio > 0.5 && ratio < 2, "estimate " + estimate + " vs measured " + (peak >> 20) + " MB");
    }

    /** The fresh process: two search steps of the B1 supernet (1 thread); prints its peak RSS increase. */
    public static void main(String[] args) throws Exception {
        Jnas.init();
        Threads.configure(1);
        ImageData data = FashionMnist.train(256);
        SupernetShape shape = SupernetShape.benchmark().withChannels(8).withCells(5);
        int batch = 32;
        Engine.getInstance().setRandomSeed(0);
        // reset the process's peak RSS so the measurement covers the search only (Linux)
        Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        long before = ProcStatus.kb("VmRSS") * 1024;
        try (NDManager root = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(DartsSpace.standard(), shape, batch, root)) {
            BilevelStep step = new BilevelStep(net, BilevelStep.Hyper.reference());
            int[] idx = data.permutation(0);
            for (int s = 0; s < 2; s++) {
                try (NDManager sm = root.newSubManager()) {
                    step.archStepFirstOrder(sm, DartsSearch.images(sm, data, idx, s * batch, batch),
                            DartsSearch.labels(sm, data, idx, s * batch, batch));
                }
                try (NDManager sm = root.newSubManager()) {
                    step.weightStep(sm, DartsSearch.images(sm, data, idx, 128 + s * batch, batch),
                            DartsSearch.labels(sm, data, idx, 128 + s * batch, batch));
                }
            }
        }
        System.out.println("PEAK_INCREASE_BYTES " + (ProcStatus.kb("VmHWM") * 1024 - before));
    }

    @Test
    void partialChannelsShrinkTheEstimate() {
        SupernetShape full = SupernetShape.benchmark().withChannels(16);
        var plain = MemoryEstimate.of(DartsSpace.standard(), full, 64, false);
        var pc = MemoryEstimate.of(DartsSpace.standard(), full.withPartialChannels(4, true), 64, false);
        var second = MemoryEstimate.of(DartsSpace.standard(), full, 64, true);
        assertTrue(pc.activationBytes() < plain.activationBytes() / 2.5, pc + " vs " + plain);
        assertTrue(second.parameterBytes() > plain.parameterBytes());
    }

    @Test
    void searchThatDoesNotFitIsRefusedNamingTheKnobs() {
        var search = DartsSearch.builder(Spaces.darts()).channels(16).batch(64).memoryCap(64L << 20).build();
        var e = assertThrows(DartsMemoryException.class, () -> search.run(FashionMnist.train(256)));
        for (String knob : new String[] {"channels", "cells", "batch", "partial channels", "64 MB"}) {
            assertTrue(e.getMessage().contains(knob), "message names " + knob + ": " + e.getMessage());
        }
    }
}
