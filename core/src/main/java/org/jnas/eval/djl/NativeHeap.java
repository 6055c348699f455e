package org.jnas.eval.djl;

import java.lang.management.ManagementFactory;
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
 */
public final class NativeHeap {
    private static volatile boolean unavailable;

    private NativeHeap() {
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
