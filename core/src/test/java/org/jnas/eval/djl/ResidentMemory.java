package org.jnas.eval.djl;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;

/**
 * This process's resident memory (Linux, {@code /proc/self/smaps}) split into the Java heap's pages and everything
 * else, for tests that check trials do not leak. The split matters because the garbage collector grows the heap's
 * committed size when it sees fit: in a run of the whole suite G1 took the heap from 760 to 1,068 MB committed during
 * {@code TrialResourcesTest}'s 40-trial window while the live heap stayed at 330 MB; a fresh-clone CI run had failed
 * that test with RSS +300 MB, which is what the collector touching that much new heap gives. A leak of Java objects
 * shows in the live heap after a GC, a leak of tensors in {@link #nativeMb()}.
 */
final class ResidentMemory {
    private static final Pattern ADDRESS = Pattern.compile("0x([0-9a-f]+)");
    private static final Pattern MAPPING = Pattern.compile("([0-9a-f]+)-([0-9a-f]+) ");

    private ResidentMemory() {
    }

    /** Resident memory outside the Java heap's reservation (MB): libtorch's tensors, glibc's heaps, the JVM's own. */
    static double nativeMb() throws IOException {
        long[] kb = residentKb();
        return (kb[0] - kb[1]) / 1024.0;
    }

    /** The Java heap's resident pages (MB). */
    static double heapMb() throws IOException {
        return residentKb()[1] / 1024.0;
    }

    /**
     * {total, Java heap} resident kB: the heap is the address range the collector reports ({@code GC.heap_info}, the
     * lowest and highest address it prints); its mappings in smaps are those inside it (G1 splits the reservation
     * into committed and uncommitted stretches).
     */
    static long[] residentKb() throws IOException {
        long lo = Long.MAX_VALUE;
        long hi = 0;
        Matcher m = ADDRESS.matcher(heapInfo());
        while (m.find()) {
            long a = Long.parseUnsignedLong(m.group(1), 16);
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        if (hi == 0) {
            throw new IllegalStateException("the collector printed no heap addresses (GC.heap_info)");
        }
        long total = 0;
        long heap = 0;
        boolean inHeap = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            Matcher range = MAPPING.matcher(line);
            if (range.lookingAt()) {
                inHeap = Long.parseUnsignedLong(range.group(1), 16) >= lo
                        && Long.parseUnsignedLong(range.group(2), 16) <= hi;
            } else if (line.startsWith("Rss:")) {
                long rss = kb(line);
                total += rss;
                heap += inHeap ? rss : 0;
            }
        }
        return new long[] {total, heap};
    }

    private static String heapInfo() {
        try {
            return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()}));
        } catch (Exception e) {
            throw new IllegalStateException("GC.heap_info failed: " + e, e);
        }
    }

    private static long kb(String smapsLine) {
        return Long.parseLong(smapsLine.replaceAll("\\D+", ""));
    }
}
