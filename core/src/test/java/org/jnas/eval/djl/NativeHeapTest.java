package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.Jnas;
import org.jnas.util.ProcStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Freed tensor memory is reused within a trial and returned to the OS after it once it is much (see NativeHeap);
 * TrainingEvaluator calls NativeHeap.afterTrial() after every trial. Linux with glibc only, as the machines this
 * runs on.
 */
class NativeHeapTest {
    /**
     * A training step frees megabytes of activations and allocates them again at once: once jnas has set up the
     * native heap, that memory is reused instead of being unmapped and faulted in again. Measured on this pattern
     * (24 results of 1.6 MB per step): 14 page faults per step; with {@code -Djnas.nativeHeap=default} 586.
     */
    @Test
    void memoryFreedByOneStepIsReusedByTheNextWithoutPageFaults() throws Exception {
        Jnas.init();
        Libtorch.prepare();
        String how = NativeHeap.describe();
        assumeTrue(how.startsWith("native heap: reused"), "jnas's thresholds do not apply here: " + how);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.randomNormal(new Shape(64, 8, 28, 28)); // an activation of benchmark B4's first stage
            long before = 0;
            for (int step = 0; step < 50; step++) {
                if (step == 10) { // the heap has grown to the working set
                    before = minorFaults();
                }
                try (NDManager scope = m.newSubManager()) {
                    x.tempAttach(scope);
                    NDArray y = x;
                    for (int op = 0; op < 8; op++) {
                        y = y.add(x).mul(0.5f).maximum(0f);
                    }
                }
            }
            double perStep = (minorFaults() - before) / 40.0;
            // each step allocates 24 results of 1.6 MB (9,400 pages): faulting them in anew is hundreds at least
            assertTrue(perStep < 150, how + ": " + perStep + " page faults per step, memory is not reused");
        }
    }

    @Test
    void theUsersOwnMallocOptionsWin() {
        assertNull(NativeHeap.userMallocOptions(Map.of("MALLOC_ARENA_MAX", "2", "PATH", "/bin")));
        assertEquals("MALLOC_TRIM_THRESHOLD_", NativeHeap.userMallocOptions(Map.of("MALLOC_TRIM_THRESHOLD_", "0")));
        assertEquals("GLIBC_TUNABLES", NativeHeap.userMallocOptions(
                Map.of("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=65536")));
        assertNull(NativeHeap.userMallocOptions(Map.of("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F")));
        assertEquals("native heap: the user's malloc options (MALLOC_TOP_PAD_)",
                NativeHeap.apply(Map.of("MALLOC_TOP_PAD_", "0"), null));
        assertEquals("native heap: glibc's defaults (JNAS_NATIVE_HEAP=default)",
                NativeHeap.apply(Map.of("JNAS_NATIVE_HEAP", "default"), null));
    }

    @Test
    void anUnknownChoiceIsRejectedWithTheChoicesThereAre() {
        var e = assertThrows(IllegalArgumentException.class, () -> NativeHeap.apply(Map.of(), "fast"));
        assertTrue(e.getMessage().contains("'fast'") && e.getMessage().contains("'reuse'")
                && e.getMessage().contains("'default'"), e.getMessage());
    }

    @Test
    void trimReturnsFreedTensorMemoryToTheOs() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            // 1 MB blocks come from the heap, as a trial's activations do: below jnas's mmap threshold (32 MB), and
            // below glibc's own once one such block was freed (its threshold rises to the size of what was freed)
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

    @Test
    void afterATrialFreedMemoryStaysForReuseUnlessItIsMuch() throws Exception {
        assumeTrue(NativeHeap.residentBytes() > 0, "no /proc/self/status here");
        try (NDManager m = NDManager.newBaseManager()) {
            m.zeros(new Shape(256, 1024)).close();
            NativeHeap.trimAndRemember(); // the base: what earlier tests in this JVM left free goes back first
            List<NDArray> blocks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                blocks.add(m.ones(new Shape(256, 1024))); // 1 MB each, from the heap, as a trial's activations
            }
            NDArray keep = m.ones(new Shape(16));
            blocks.forEach(NDArray::close);
            double freed = rssMb();
            // grown by about 300 MB since the trim, under the bound (a 24 GB machine's is 768 MB): kept, so the next
            // trial does not fault it in again
            assertFalse(NativeHeap.afterTrial(1L << 30), String.format("trimmed at RSS %.0f MB, under 1 GB of"
                    + " growth", freed));
            double kept = rssMb();
            assertTrue(freed - kept < 50, String.format("RSS %.0f -> %.0f MB without a trim", freed, kept));
            // over the bound (Binder's 2 GB gives 64 MB): returned to the OS
            assertTrue(NativeHeap.afterTrial(64L << 20), String.format("RSS %.0f MB not trimmed", kept));
            double trimmed = rssMb();
            assertTrue(kept - trimmed > 150, String.format("RSS %.0f -> %.0f MB after the trim", kept, trimmed));
            // and that trim is the new base: no growth since, no trim
            assertFalse(NativeHeap.afterTrial(64L << 20), "trimmed again without growth");
            keep.close();
        }
    }

    @Test
    void theMemoryLimitIsTheSmallestCgroupLimitUpTheHierarchy(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("user.slice/notebook"));
        Files.writeString(root.resolve("user.slice/memory.max"), "2147483648\n");
        Files.writeString(root.resolve("user.slice/notebook/memory.max"), "max\n");
        assertEquals(2L << 30, NativeHeap.cgroupLimit(root, "/user.slice/notebook", "memory.max"));
        Files.writeString(root.resolve("user.slice/notebook/memory.max"), "1073741824\n");
        assertEquals(1L << 30, NativeHeap.cgroupLimit(root, "/user.slice/notebook", "memory.max"));
        assertEquals(Long.MAX_VALUE, NativeHeap.cgroupLimit(root, "/", "memory.max"), "no file: no limit");
        assertEquals(Long.MAX_VALUE, NativeHeap.cgroupLimit(root, "/../elsewhere", "memory.max"),
                "nothing outside the cgroup root is read");
        long limit = NativeHeap.memoryLimitBytes();
        long ram = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize();
        assertTrue(limit > 0 && limit <= ram, limit + " bytes, RAM " + ram);
    }

    private static double rssMb() {
        long kb = ProcStatus.kb("VmRSS");
        if (kb < 0) {
            throw new IllegalStateException("no VmRSS in /proc/self/status");
        }
        return kb / 1024.0;
    }

    /** This process's minor page faults so far (field 10 of /proc/self/stat). */
    private static long minorFaults() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }
}
