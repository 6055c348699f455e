package org.jnas.eval.djl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.jnas.util.ProcStatus;

/**
 * How libtorch's memory comes from and goes back to glibc's malloc: kept for reuse while a trial runs
 * ({@link #configure()}), handed back to the operating system when it ends and too much is free ({@link
 * #afterTrial()}).
 *
 * <p><b>During a trial.</b> With glibc's defaults, a heap whose free top exceeds 128 KB is shrunk at once, and every
 * block over the (adaptive) mmap threshold is mapped on its own; a training step frees and re-allocates megabytes of
 * activations per operation, so the kernel unmapped them and zero-filled them again page by page on every step.
 * Benchmark B4 took 1.2-1.4 million page faults for two trials (11-13 s of system time on 2 cores), and scoring 5,000
 * images in batches of 243 took 2.2-5.0 s, against 1.0 s once the memory is reused. {@link #configure()} raises
 * glibc's thresholds ({@code mallopt}): blocks up to {@link #MMAP_THRESHOLD} come from the heaps, and a heap keeps up
 * to {@link #TRIM_THRESHOLD} free at its top (plus {@link #TOP_PAD} each time it grows). Measured on B4 (3 trials,
 * 2 cores, AMD EPYC VM): 380-400 thousand page faults instead of 1.2-1.4 million, 8-11 s per trial instead of 10-21 s,
 * peak RSS unchanged (about 800 MB). Where the user set glibc's malloc options themselves ({@code MALLOC_*_}
 * variables, {@code GLIBC_TUNABLES}), or {@code JNAS_NATIVE_HEAP=default} (environment) or {@code
 * -Djnas.nativeHeap=default} asks for glibc's defaults, nothing is changed.
 *
 * <p><b>Between trials.</b> Trials of different networks free and reuse memory in different shapes, so the heaps
 * fragment and the process's resident memory grows with the networks a search trains until it holds far more than any
 * one trial uses: notebook 02's kernel peaked at 2.0 GB at default settings. {@link #trim()} (glibc's {@code
 * malloc_trim}, through the JVM's {@code System.trim_native_heap} command) returns the free pages at the end of every
 * trial, whatever the thresholds above, so the next one starts from what is really in use: 02 then peaked at 0.97 GB.
 * Measured on 02's search cells at CI settings (one run each, 2 cores; two runs without any trim took 162 and 185 s
 * and peaked at 1,597 and 1,315 MB): a trim after each trial 196 s / 967 MB; the JVM trimming every 2 s ({@code
 * -XX:TrimNativeHeapInterval=2000}) 233 s / 992 MB; glibc mapping every block over 64 KB on its own ({@code
 * MALLOC_MMAP_THRESHOLD_=65536}) 359 s / 749 MB.
 *
 * <p>A trim's cost is the next trial faulting in again the pages it touches: on B4, where one trial leaves 250-380 MB
 * free in the heaps, 35-100 thousand page faults and about 1 s of a 7-8 s trial. So {@link #afterTrial()} trims only
 * once resident memory has grown since the last trim by more than 1/{@value #TRIM_ABOVE_SHARE} of the memory this
 * process may use ({@link #memoryLimitBytes()}: RAM, or its memory cgroup's limit): 64 MB under Binder's 2 GB, where
 * memory is what runs out; 768 MB on a 24 GB machine, where B4's trials then reuse the memory of the one before.
 */
public final class NativeHeap {
    /** Blocks up to this size come from glibc's heaps, reused, instead of being mapped and unmapped one by one. */
    public static final int MMAP_THRESHOLD = 32 << 20;
    /** A heap shrinks only when more than this is free at its top (glibc's default: 128 KB). */
    public static final int TRIM_THRESHOLD = 64 << 20;
    /** Extra memory a heap takes each time it grows, so that the next few allocations find it there. */
    public static final int TOP_PAD = 16 << 20;

    /** A trial's freed memory is returned to the OS once RSS grew by 1/this of {@link #memoryLimitBytes()}. */
    public static final int TRIM_ABOVE_SHARE = 32;

    // glibc's mallopt parameters (malloc.h)
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_TOP_PAD = -2;
    private static final int M_MMAP_THRESHOLD = -3;

    private static volatile boolean unavailable;
    private static long rssAfterTrim = -1; // guarded by NativeHeap.class
    private static volatile String configured;

    private NativeHeap() {
    }

    /**
     * Sets glibc's malloc thresholds for reuse (see the class comment), once per process; {@link Libtorch#prepare()}
     * calls it before the first tensor. Does nothing where the user chose malloc options or glibc's defaults, or where
     * libc has no {@code mallopt} (not Linux, or not glibc).
     */
    public static void configure() {
        if (configured != null) {
            return;
        }
        synchronized (NativeHeap.class) {
            if (configured == null) {
                configured = apply(System.getenv(), System.getProperty("jnas.nativeHeap"));
            }
        }
    }

    /** One phrase for benchmark headers: how the native heap is set up in this process. */
    public static String describe() {
        configure();
        return configured;
    }

    static String apply(Map<String, String> env, String property) {
        String choice = property != null ? property : env.getOrDefault("JNAS_NATIVE_HEAP", "");
        if (choice.trim().equalsIgnoreCase("default")) {
            return "native heap: glibc's defaults (JNAS_NATIVE_HEAP=default)";
        }
        if (!choice.isBlank() && !choice.trim().equalsIgnoreCase("reuse")) {
            throw new IllegalArgumentException("JNAS_NATIVE_HEAP (or -Djnas.nativeHeap) is '" + choice.trim()
                    + "'; use 'reuse' (the default: glibc keeps freed memory for the next batch) or 'default'"
                    + " (glibc's own thresholds)");
        }
        String own = userMallocOptions(env);
        if (own != null) {
            return "native heap: the user's malloc options (" + own + ")";
        }
        Libc libc = Libc.onLinux().orElse(null);
        if (libc == null) {
            return "native heap: the platform's defaults";
        }
        try {
            boolean ok = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
                    & libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1
                    & libc.mallopt(M_TOP_PAD, TOP_PAD) == 1;
            return ok ? "native heap: reused (glibc mmap threshold " + (MMAP_THRESHOLD >> 20) + " MB, trim threshold "
                    + (TRIM_THRESHOLD >> 20) + " MB, top pad " + (TOP_PAD >> 20) + " MB)"
                    : "native heap: glibc refused jnas's thresholds, its defaults apply";
        } catch (UnsatisfiedLinkError e) {
            return "native heap: the platform's defaults (no mallopt)";
        }
    }

    /** The malloc options the user set for this process, or null: glibc reads them at start, and they win. */
    static String userMallocOptions(Map<String, String> env) {
        var own = new java.util.ArrayList<String>();
        for (String k : List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_",
                "MALLOC_MMAP_MAX_")) {
            if (env.containsKey(k)) {
                own.add(k);
            }
        }
        String tunables = env.getOrDefault("GLIBC_TUNABLES", "");
        if (tunables.matches(".*glibc\\.malloc\\.(mmap_threshold|trim_threshold|top_pad|mmap_max).*")) {
            own.add("GLIBC_TUNABLES");
        }
        return own.isEmpty() ? null : String.join(", ", own);
    }

    /**
     * What a training calls when it ends: {@link #trim()} once this process's resident memory has grown by more than
     * 1/{@value #TRIM_ABOVE_SHARE} of {@link #memoryLimitBytes()} since the last trim (the first call always trims);
     * below that, what the trial freed stays for the next one to reuse without faulting it in again. Resident memory,
     * not glibc's free count: pages a trim returned stay counted free by glibc. Returns whether it trimmed.
     */
    public static boolean afterTrial() {
        return afterTrial(memoryLimitBytes() / TRIM_ABOVE_SHARE);
    }

    static synchronized boolean afterTrial(long allowedGrowth) {
        long rss = residentBytes();
        if (rss >= 0 && rssAfterTrim >= 0 && rss - rssAfterTrim <= allowedGrowth) {
            return false;
        }
        trimAndRemember();
        return true;
    }

    /** Trims, and remembers the resident memory after it as the base {@link #afterTrial()} measures growth from. */
    static synchronized void trimAndRemember() {
        trim();
        rssAfterTrim = residentBytes();
    }

    /** This process's resident memory ({@link ProcStatus}: VmRSS, whatever the page size), or -1 where unknown. */
    static long residentBytes() {
        long kb = ProcStatus.kb("VmRSS");
        return kb < 0 ? -1 : kb * 1024;
    }

    /**
     * The memory this process may use: the smallest of the machine's RAM and the limits of its memory cgroups (v2's
     * {@code memory.max}, v1's {@code memory.limit_in_bytes}, up the hierarchy). Read here rather than from the JVM,
     * which on a machine with both cgroup versions reads v1 only and misses a v2 limit such as Binder rehearsal's.
     */
    static long memoryLimitBytes() {
        long limit = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length < 3) {
                    continue;
                }
                if (f[0].equals("0") && f[1].isEmpty()) {
                    limit = Math.min(limit, cgroupLimit(Path.of("/sys/fs/cgroup"), f[2], "memory.max"));
                } else if (Arrays.asList(f[1].split(",")).contains("memory")) {
                    limit = Math.min(limit, cgroupLimit(Path.of("/sys/fs/cgroup/memory"), f[2],
                            "memory.limit_in_bytes"));
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): the machine's memory is the limit
        }
        return limit;
    }

    /** The smallest limit in {@code file} from cgroup {@code path} up to {@code root}; Long.MAX_VALUE if none. */
    static long cgroupLimit(Path root, String path, String file) {
        long limit = Long.MAX_VALUE;
        for (Path dir = root.resolve(path.replaceFirst("^/", "")).normalize(); dir != null
                && dir.startsWith(root); dir = dir.getParent()) {
            try {
                String v = Files.readString(dir.resolve(file)).trim();
                if (!v.equals("max")) {
                    limit = Math.min(limit, Long.parseLong(v));
                }
            } catch (IOException | NumberFormatException e) {
                // no such file at this level (or not readable): no limit here
            }
        }
        return limit;
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
