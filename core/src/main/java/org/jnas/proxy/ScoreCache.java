package org.jnas.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numbers keyed by an architecture (and seed) on disk, one tab-separated line each, appended as they are computed,
 * so a long study that is stopped resumes where it was. The file name carries a hash of the settings and its first
 * line the settings themselves; a file whose first line differs is never read (other settings, other numbers).
 */
final class ScoreCache {
    private final Path file;
    private final Map<String, double[]> rows = new LinkedHashMap<>();

    /** Opens (or starts) the cache for {@code settings} under {@code dir}; null dir: no cache at all. */
    ScoreCache(Path dir, String kind, String settings) {
        if (dir == null) {
            file = null;
            return;
        }
        String name = kind + "-" + String.format("%08x", settings.hashCode()) + ".tsv";
        file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            if (Files.isRegularFile(file)) {
                var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).equals("# " + settings)) {
                    for (String line : lines.subList(1, lines.size())) {
                        String[] parts = line.split("\t");
                        double[] values = new double[parts.length - 1];
                        for (int i = 1; i < parts.length; i++) {
                            values[i - 1] = Double.parseDouble(parts[i]);
                        }
                        rows.put(parts[0], values);
                    }
                    return;
                }
            }
            Files.writeString(file, "# " + settings + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the cache file " + file + ": " + e.getMessage(), e);
        }
    }

    double[] get(String key) {
        return rows.get(key);
    }

    synchronized void put(String key, double... values) {
        rows.put(key, values.clone());
        if (file == null) {
            return;
        }
        var line = new StringBuilder(key);
        for (double v : values) {
            line.append('\t').append(v);
        }
        line.append('\n');
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the cache file " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }
}
