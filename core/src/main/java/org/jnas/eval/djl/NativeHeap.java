package org.jnas.eval.djl;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

/**
 * Hands the memory a finished trial freed back to the operating system.
 *
 * <p>libtorch allocates its tensors with glibc's malloc, which keeps freed memory in its heaps for reuse. Trials of
 * different networks free and reuse it in different shapes, so the heaps fragment and the process's resident memory
 * grows with the networks a search trains until it holds far more than any one trial uses: notebook 02's kernel
 * peaked at 2.0 GB at default settings. {@link #trim()} (glibc's {@code malloc_trim}, through the JVM's
 * {@code System.trim_native_heap} command) returns the free pages at the end of every trial, so the next one starts
 * from what is really in use: 02 then peaked at 0.97 GB.
 *
 * <p>The cost is the next trial faulting in again the pages it touches. Measured on 02's search cells at CI settings
 * (one run each, 2 cores; two runs without any trim took 162 and 185 s and peaked at 1,597 and 1,315 MB): a trim after
 * each trial 196 s / 967 MB; the JVM trimming every 2 s ({@code -XX:TrimNativeHeapInterval=2000}) 233 s / 992 MB;
 * glibc mapping every block over 64 KB on its own ({@code MALLOC_MMAP_THRESHOLD_=65536}) 359 s / 749 MB.
 *
 * <p>{@link #configure()} fixes how glibc's malloc hands out and takes back memory during a trial. By default it tunes
 * itself: a block above 128 KB is mapped on its own (fresh pages, zeroed by the kernel on first touch) and unmapped
 * when freed, which raises that threshold to the block's size; and whenever more than twice that threshold lies free
 * at the top of a heap, it returns those pages. A trial's activations are freed and allocated again every batch, so
 * until the thresholds have grown past its largest tensors (the first trial of a process, and again for larger
 * networks or scoring's larger batches) every batch faults in again the pages the last one returned: B4's first
 * trial took 40,000-100,000 page faults a second with 15-30% of its CPU time in the kernel. Configured, blocks up to
 * {@link #MMAP_THRESHOLD_BYTES} come from the heap and freed memory stays there for the next batch until
 * {@link #TRIM_THRESHOLD_BYTES} lie free at a heap's top; what a trial keeps goes back when it ends ({@link #trim()}).
 * Measured on B4, three trials in one JVM: 1.50 million page faults and 4.3 s system time by default, 0.54 million
 * and 2.0 s configured; peak RSS 766 vs 782 MB (one run each). Trials' own peak memory is unchanged: a threshold only
 * decides when free pages go back, not how many are in use.
 */
public final class NativeHeap {
    /** Blocks up to this size come from the heap (glibc's own largest self-tuned value on 64-bit). */
    static final int MMAP_THRESHOLD_BYTES = 32 << 20;
    /**
     * Free memory at a heap's top up to this size stays for reuse: above scoring's largest batch of activations
     * ({@link TrainingEvaluator#SCORING_ACTIVATION_BYTES}), so that freeing one batch does not hand back the pages the
     * next one needs.
     */
    static final int TRIM_THRESHOLD_BYTES = 256 << 20;
    /** glibc's mallopt parameters (malloc.h). */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    /** What a user sets to tune glibc's malloc themselves; then {@link #configure()} leaves it alone. */
    static final String[] USER_SETTINGS = {"MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
        "GLIBC_TUNABLES"};

    private static volatile boolean unavailable;
    private static volatile boolean configured;

    private NativeHeap() {
    }

    /** glibc's malloc tuning call (JNA comes with DJL). */
    private interface LibC extends Library {
        int mallopt(int param, int value);
    }

    /**
     * Sets glibc's thresholds (see the class comment) once per process; called where DJL's engine starts
     * ({@link LibtorchWarning#spend()}). Leaves them as they are where the user set any of {@link #USER_SETTINGS},
     * off Linux, or where libc has no {@code mallopt}. Returns whether they are set now.
     */
    public static boolean configure() {
        if (configured) {
            return true;
        }
        synchronized (NativeHeap.class) {
            if (configured) {
                return true;
            }
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                    || userTuned(System.getenv())) {
                return false;
            }
            configured = thresholds(MMAP_THRESHOLD_BYTES, TRIM_THRESHOLD_BYTES);
            return configured;
        }
    }

    /** Sets both thresholds (which also stops glibc's self-tuning of them); false where libc has no mallopt. */
    static boolean thresholds(int mmapBytes, int trimBytes) {
        try {
            LibC libc = Native.load("c", LibC.class);
            boolean mmap = libc.mallopt(M_MMAP_THRESHOLD, mmapBytes) == 1; // 1: success
            return libc.mallopt(M_TRIM_THRESHOLD, trimBytes) == 1 && mmap;
        } catch (UnsatisfiedLinkError e) {
            return false; // not glibc: its own allocator's behaviour stays
        }
    }

    static boolean userTuned(Map<String, String> env) {
        for (String name : USER_SETTINGS) {
            if (env.containsKey(name) && (!name.equals("GLIBC_TUNABLES") || env.get(name).contains("malloc"))) {
                return true;
            }
        }
        return false;
    }

    /** Returns glibc's free heap pages to the OS; does nothing where the JVM cannot (not glibc, or an older JVM). */
    public static void trim() {
        if (unavailable) {
            return;
        }
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "systemTrimNativeHeap",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (Exception | LinkageError e) {
            unavailable = true; // not supported here: memory stays as glibc keeps it, nothing else changes
        }
    }
}
