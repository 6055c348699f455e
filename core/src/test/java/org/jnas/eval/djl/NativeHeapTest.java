package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Freed tensor memory stays in glibc's heaps until trimmed (see NativeHeap); TrainingEvaluator trims after every
 * trial. Linux with glibc only, as the machines this runs on.
 */
class NativeHeapTest {
    @Test
    void trimReturnsFreedTensorMemoryToTheOs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            // glibc maps a block above its mmap threshold on its own and unmaps it when freed; freeing one raises the
            // threshold to its size, so later blocks of that size come from the heap, as a trial's activations do
            m.zeros(new Shape(256, 1024)).close();
            List<NDArray> blocks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                blocks.add(m.ones(new Shape(256, 1024))); // 1 MB each, touched
            }
            NDArray keep = m.ones(new Shape(16)); // allocated last: the freed blocks are not the heap's top, which glibc trims anyway
            double held = rssMb();
            blocks.forEach(NDArray::close);
            double freed = rssMb();
            NativeHeap.trim();
            double trimmed = rssMb();
            assertTrue(freed - trimmed > 150, String.format(
                    "RSS %.0f MB with 300 MB of tensors, %.0f MB after closing them, %.0f MB after the trim: the trim"
                            + " should return most of the 300 MB", held, freed, trimmed));
            keep.close();
        }
    }

    private static double rssMb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
