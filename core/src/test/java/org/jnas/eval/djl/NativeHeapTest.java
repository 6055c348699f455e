package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * What {@link NativeHeap#configure()} is for: a batch's worth of blocks freed and allocated again reuses the same
     * pages instead of faulting them in afresh. Each side runs in a fresh JVM (a test JVM's heaps hold other tests'
     * holes, which decide where blocks land). The control sets glibc's thresholds to where they self-tune after 8 MB
     * blocks (map blocks of 8 MB and over on their own, give back more than 16 MB free at a heap's top): then every
     * round faults most of its pages in again. Configured, only the first round does.
     */
    @Test
    void configuredHeapKeepsFreedBlocksForTheNextRoundInsteadOfFaultingThemInAgain() throws Exception {
        assumeTrue(NativeHeap.configure(), "glibc with mallopt and no MALLOC_* settings of the user's");
        long pages = (long) BLOCKS * BLOCK / 4096;
        long control = faultsPerRoundInAFreshJvm("control");
        assertTrue(control > pages / 2, "control: " + control + " page faults a round, expected most of the round's "
                + pages + " pages (faulted in again after glibc gave them back); the test cannot tell otherwise");
        long configured = faultsPerRoundInAFreshJvm("configured");
        assertTrue(configured < pages / 20, "configured: " + configured + " page faults a round of " + pages
                + " pages (control: " + control + "); freed blocks should be reused where they are");
    }

    private static final int BLOCK = 4 << 20;
    private static final int BLOCKS = 6; // 24 MB freed at once: above the control's 16 MB, far below 256 MB

    private static long faultsPerRoundInAFreshJvm(String side) throws Exception {
        var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FreshJvm.class.getName(), side).redirectErrorStream(true);
        for (String name : NativeHeap.USER_SETTINGS) {
            pb.environment().remove(name);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertTrue(p.waitFor() == 0 && out.startsWith("FAULTS "), side + " child failed: " + out);
        return Long.parseLong(out.substring("FAULTS ".length()));
    }

    /** The child: sets the thresholds of its side, grows the heap with one round, prints faults per round of 3. */
    public static final class FreshJvm {
        public static void main(String[] args) throws Exception {
            boolean set = args[0].equals("control") ? NativeHeap.thresholds(8 << 20, 16 << 20)
                    : NativeHeap.configure();
            if (!set) {
                throw new IllegalStateException("thresholds not set");
            }
            rounds(1);
            System.out.println("FAULTS " + rounds(3) / 3);
        }

        /** Minor page faults of this thread over {@code n} rounds of allocating, touching and freeing the blocks. */
        private static long rounds(int n) throws Exception {
            long before = threadFaults();
            for (int r = 0; r < n; r++) {
                long[] p = new long[BLOCKS];
                for (int i = 0; i < BLOCKS; i++) {
                    p[i] = Native.malloc(BLOCK);
                    new Pointer(p[i]).setMemory(0, BLOCK, (byte) 1);
                }
                for (int i = BLOCKS - 1; i >= 0; i--) {
                    Native.free(p[i]);
                }
            }
            return threadFaults() - before;
        }

        private static long threadFaults() throws Exception {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // fields from 3 (state) on
            return Long.parseLong(f[10 - 3]); // field 10: minflt
        }
    }

    @Test
    void aUsersOwnMallocSettingsAreLeftAlone() {
        assertTrue(NativeHeap.userTuned(Map.of("MALLOC_MMAP_THRESHOLD_", "65536")));
        assertTrue(NativeHeap.userTuned(Map.of("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")));
        assertFalse(NativeHeap.userTuned(Map.of("GLIBC_TUNABLES", "glibc.cpu.hwcaps=-AVX512F")));
        assertFalse(NativeHeap.userTuned(Map.of("MALLOC_ARENA_MAX", "2"))); // the kernel's own setting: no threshold
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
