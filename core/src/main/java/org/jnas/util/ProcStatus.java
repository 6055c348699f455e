package org.jnas.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's memory figures from {@code /proc/self/status} (Linux): {@code VmRSS} (resident now), {@code VmHWM}
 * (resident at its peak). Read there rather than from {@code statm}, which counts pages whose size differs between
 * kernels (4, 16 or 64 KB on arm64); status gives kB whatever the page size.
 */
public final class ProcStatus {
    private ProcStatus() {
    }

    /** The line {@code key} ("VmRSS", "VmHWM") in kB; -1 where there is none or the file cannot be read (not Linux). */
    public static long kb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
