package org.jnas.oneshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * Stand-alone accuracies of every architecture of a small space with several seeds: the ground truth that a
 * one-shot ranking is measured against (benchmark B5). Training 64 cells twice costs tens of minutes on 2 cores,
 * so results are appended to a tab-separated file, one line per (architecture, seed), under a name derived from
 * the settings: a rerun with the same settings reads them back (and an interrupted run resumes where it stopped);
 * different settings never mix because they get a different file.
 *
 * <p>File format: a first line {@code # settings}, then {@code key<TAB>seed<TAB>accuracy<TAB>seconds}.
 */
public final class GroundTruth {
    private final Path file;
    private final String settings;
    private final Map<String, Map<Long, double[]>> results = new LinkedHashMap<>();

    private GroundTruth(Path file, String settings) {
        this.file = file;
        this.settings = settings;
    }

    /**
     * Opens (or starts) the cache for these settings in {@code dir}.
     *
     * @param settings everything that changes the numbers (space, evaluator description, seeds): it names the file
     */
    public static GroundTruth open(Path dir, String settings) {
        String name = String.format(Locale.ROOT, "groundtruth-%08x.tsv", settings.hashCode());
        var gt = new GroundTruth(dir.resolve(name), settings);
        gt.load();
        return gt;
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals("# " + settings)) {
                throw new IllegalStateException("ground-truth cache " + file + " was written for other settings ("
                        + (lines.isEmpty() ? "empty" : lines.get(0)) + "); delete it to recompute");
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\t");
                if (f.length != 4) {
                    continue; // a line cut short by an interrupted run: trained again
                }
                results.computeIfAbsent(f[0], k -> new LinkedHashMap<>())
                        .put(Long.parseLong(f[1]), new double[] {Double.parseDouble(f[2]), Double.parseDouble(f[3])});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ground-truth cache " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    /** Every sample of a space, in odometer order of its choices (the last choice changes fastest). */
    public static List<Sample> enumerate(SearchSpace space, int limit) {
        List<Choice> choices = space.choices();
        if (space.size().compareTo(java.math.BigInteger.valueOf(limit)) > 0) {
            throw new IllegalArgumentException("space '" + space.name() + "' has " + space.size()
                    + " architectures; enumerating more than " + limit + " is not what a ground truth is for");
        }
        var out = new ArrayList<Sample>();
        int[] idx = new int[choices.size()];
        while (true) {
            var values = new LinkedHashMap<String, Object>();
            for (int i = 0; i < choices.size(); i++) {
                values.put(choices.get(i).label(), choices.get(i).option(idx[i]));
            }
            out.add(Sample.of(values));
            int i = choices.size() - 1;
            while (i >= 0 && ++idx[i] == choices.get(i).size()) {
                idx[i] = 0;
                i--;
            }
            if (i < 0) {
                return out;
            }
        }
    }

    /**
     * Trains whatever is missing, architecture by architecture (every seed of one before the next), in a seeded
     * random order: a run cut short leaves a uniformly random subset of the space with all its seeds, which is
     * still a fair sample for a rank correlation. Each result is appended as soon as it exists.
     */
    public void complete(SearchSpace space, List<Sample> samples, Evaluator evaluator, long[] seeds,
                         Consumer<String> log) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, "# " + settings + "\n", StandardCharsets.UTF_8);
            }
            int done = 0;
            int total = samples.size() * seeds.length;
            for (Sample s : shuffled(samples)) {
                for (long seed : seeds) {
                    done++;
                    if (has(s, seed)) {
                        continue;
                    }
                    Evaluation e = evaluator.evaluate(space.freeze(s), 1.0, seed);
                    double acc = e.metric("accuracy");
                    results.computeIfAbsent(s.key(), k -> new LinkedHashMap<>())
                            .put(seed, new double[] {acc, e.costSeconds()});
                    Files.writeString(file, String.format(Locale.ROOT, "%s\t%d\t%.6f\t%.3f%n", s.key(), seed, acc,
                            e.costSeconds()), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                    log.accept(String.format(Locale.ROOT, "ground truth %d/%d: %s seed %d accuracy %.4f (%.1f s)",
                            done, total, s.key(), seed, acc, e.costSeconds()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write ground-truth cache " + file + ": " + e.getMessage(), e);
        }
    }

    /** The samples in a fixed random order (seed 0), the order {@link #complete} trains them in. */
    public static List<Sample> shuffled(List<Sample> samples) {
        var copy = new ArrayList<>(samples);
        java.util.Collections.shuffle(copy, new java.util.Random(0));
        return copy;
    }

    /** The samples that have a result for every seed, in the order given. */
    public List<Sample> complete(List<Sample> samples, long[] seeds) {
        return samples.stream().filter(s -> java.util.Arrays.stream(seeds).allMatch(seed -> has(s, seed))).toList();
    }

    public boolean has(Sample s, long seed) {
        return results.getOrDefault(s.key(), Map.of()).containsKey(seed);
    }

    /** Accuracy of a sample trained with a seed; an error when it is not in the cache. */
    public double accuracy(Sample s, long seed) {
        double[] r = results.getOrDefault(s.key(), Map.of()).get(seed);
        if (r == null) {
            throw new IllegalStateException("no ground truth for " + s.key() + " seed " + seed + " in " + file);
        }
        return r[0];
    }

    /** Seconds the stand-alone training took (as measured when it ran). */
    public double seconds(Sample s, long seed) {
        return results.getOrDefault(s.key(), Map.of()).get(seed)[1];
    }

    /** Mean accuracy over the seeds. */
    public double mean(Sample s, long[] seeds) {
        double sum = 0;
        for (long seed : seeds) {
            sum += accuracy(s, seed);
        }
        return sum / seeds.length;
    }
}
