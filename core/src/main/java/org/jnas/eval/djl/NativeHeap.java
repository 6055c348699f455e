package org.jnas.eval.djl;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;

/**
 * Hands the memory a finished trial freed back to the operating system.
 *
 * <p>libtorch allocates its tensors with glibc's malloc, which keeps freed memory in its heaps for reuse. Trials of
 * different networks free and reuse it in different shapes, so the heaps fragment and the process's resident memory
 * grows with every larger network a search trains until it holds the sum, not the largest: notebook 02's kernel
 * peaked at 1.6 GB at CI settings where each trial needs far less. {@link #trim()} (glibc's {@code malloc_trim},
 * through the JVM's {@code System.trim_native_heap} command) returns the free pages at the end of every trial, so
 * the next one starts from what is really in use. It costs the next trial re-faulting the pages it touches (a few ms);
 * trimming every few seconds instead slowed training by 40%, and glibc's fixed mmap threshold by 120%.
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
