package org.jnas.proxy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.Evaluator;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.CorrelationChart;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.jnas.stats.RankCorrelation;
import org.jnas.stats.Summary;

/**
 * How far to trust a zero-cost proxy, measured: its scores of a fixed seeded sample of architectures against a
 * ground truth (a benchmark table, or stand-alone training with several seeds), as rank correlations with their
 * interval and n, failures counted with their reasons, and the cost per architecture. {@code ./jnas bench proxies}
 * and notebook 05 both run these, so their numbers come from one code path.
 */
public final class ProxyStudy {
    private ProxyStudy() {
    }

    /** NAS-Bench-201's own network: C=16, five cells per stage, 32x32x3 input, 10 classes (CIFAR-10). */
    public static NetworkBuilder nasBench201Network() {
        return new NetworkBuilder().input(3, 32, 32).classes(10).channels(16).cellsPerStage(5);
    }

    /** {@code n} distinct samples drawn with {@code seed} (all of them when the space has at most n). */
    public static List<Sample> sample(SearchSpace space, int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("sample size must be at least 1, got " + n);
        }
        long size = space.size().min(java.math.BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        int target = (int) Math.min(n, size);
        var rng = new Random(seed);
        var out = new LinkedHashSet<Sample>();
        while (out.size() < target) {
            out.add(space.sample(rng));
        }
        return List.copyOf(out);
    }

    /**
     * One proxy (or baseline) against a ground truth.
     *
     * @param proxy      what was scored
     * @param space      the space's name
     * @param truth      what it is compared with
     * @param samples    the architectures whose score was computed, parallel to the two arrays
     * @param scores     proxy scores (computed ones only)
     * @param truths     ground truth of the same architectures
     * @param failures   "architecture: reason" of every failed score (left out of the correlation)
     * @param result     Kendall tau with its bootstrap interval, Spearman, n
     * @param msPerArch  mean milliseconds to score one architecture (network built and initialized included), over
     *                   the scores computed in this run (when all were read from the cache: as recorded there);
     *                   NaN for a baseline read from a table
     * @param cached     scores read from the on-disk cache instead of computed in this run
     */
    public record Correlation(String proxy, String space, String truth, List<Sample> samples, double[] scores,
                              double[] truths, List<String> failures, RankCorrelation.Result result,
                              double msPerArch, int cached) {

        /** The benchmark line: {@code PROXY name=.. space=.. n=.. spearman=.. kendall=.. ms_per_arch=..}. */
        public String line(String published) {
            return String.format(Locale.ROOT, "PROXY name=%s space=%s truth=%s n=%d failed=%d spearman=%.3f"
                            + " kendall=%.3f kendall_ci95=[%.3f,%.3f] ms_per_arch=%s%s published=%s", proxy, space,
                    truth, result.n(), failures.size(), result.spearman(), result.kendall(), result.tauLow(),
                    result.tauHigh(), Double.isNaN(msPerArch) ? "na" : String.format(Locale.ROOT, "%.1f", msPerArch),
                    cached > 0 ? " cached=" + cached : "", published);
        }

        /**
         * Proxy score against ground truth, Kendall tau with its interval and n in the title; {@code log10} plots
         * log10 of the score (synflow spans tens of decades, too many for a log axis's ticks).
         */
        public CorrelationChart chart(boolean log10) {
            double[] x = log10 ? java.util.Arrays.stream(scores).map(Math::log10).toArray() : scores;
            String title = String.format(Locale.ROOT, "%s vs %s: tau %.2f [%.2f, %.2f], n=%d", proxy, truth,
                    result.kendall(), result.tauLow(), result.tauHigh(), result.n());
            return CorrelationChart.builder(title, log10 ? "log10(" + proxy + ")" : proxy, truth + " (" + space + ")")
                    .points(proxy, x, truths).build();
        }

        @Override
        public String toString() {
            return proxy + " vs " + truth + " on " + space + ": " + result + (failures.isEmpty() ? ""
                    : "; " + failures.size() + " failed (first: " + failures.get(0) + ")");
        }
    }

    /**
     * Scores each sample with {@code proxy} (seed {@code seed}) and correlates with {@code truth}; scores are read
     * from and appended to a cache under {@code cacheDir} (null: no cache) keyed by the scorer's settings.
     */
    public static Correlation correlate(ProxyScorer scorer, ZeroCostProxy proxy, SearchSpace space,
                                        List<Sample> samples, double[] truth, String truthName, long seed,
                                        Path cacheDir, Consumer<String> progress) {
        if (truth.length != samples.size()) {
            throw new IllegalArgumentException(samples.size() + " samples but " + truth.length + " truths");
        }
        var cache = new ScoreCache(cacheDir, "proxy-" + proxy.name(), proxy.name() + " seed " + seed + " "
                + space.name() + " " + scorer);
        var kept = new ArrayList<Sample>();
        var scores = new ArrayList<Double>();
        var truths = new ArrayList<Double>();
        var failures = new ArrayList<String>();
        double ms = 0; // scores computed in this run: their time is this machine's now
        double cachedMs = 0; // scores read back: their time was measured when they were computed
        int computed = 0;
        int cached = 0;
        long lastReport = System.nanoTime();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            double[] hit = cache.get(s.key());
            ProxyScore score;
            if (hit != null) {
                score = ProxyScore.of(proxy.name(), hit[0], hit[1]);
                cached++;
                cachedMs += score.millis();
            } else {
                score = scorer.score(proxy, space.freeze(s), seed);
                if (score.ok()) {
                    cache.put(s.key(), score.value(), score.millis());
                }
                ms += score.millis();
                computed++;
            }
            if (score.ok()) {
                kept.add(s);
                scores.add(score.value());
                truths.add(truth[i]);
            } else {
                failures.add(s.key() + ": " + score.failure());
            }
            if (progress != null && System.nanoTime() - lastReport > 10e9) {
                progress.accept(String.format(Locale.ROOT, "%s: %d/%d architectures (%d read from the cache),"
                        + " %.0f ms each", proxy.name(), i + 1, samples.size(), cached, ms / Math.max(1, computed)));
                lastReport = System.nanoTime();
            }
        }
        double[] x = scores.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = truths.stream().mapToDouble(Double::doubleValue).toArray();
        return new Correlation(proxy.name(), space.name(), truthName, kept, x, y, failures,
                RankCorrelation.compare(x, y), computed > 0 ? ms / computed : cachedMs / Math.max(1, cached), cached);
    }

    /** A score that needs no network (parameters from a table): the baseline any proxy must beat. */
    public static Correlation baseline(String name, SearchSpace space, List<Sample> samples, double[] values,
                                       double[] truth, String truthName) {
        return new Correlation(name, space.name(), truthName, samples, values.clone(), truth.clone(), List.of(),
                RankCorrelation.compare(values, truth), Double.NaN, 0);
    }

    /** NAS-Bench-201: {@code n} seeded architectures, a proxy on the benchmark's network vs CIFAR-10 200-epoch test. */
    public static List<Correlation> nasBench201(NasBench201 bench, ZeroCostProxy proxy, int n, long sampleSeed,
                                                long initSeed, Path cacheDir, Consumer<String> progress) {
        if (proxy.needsData()) {
            throw new IllegalArgumentException(proxy.name() + " needs data, and NAS-Bench-201's CIFAR images are not"
                    + " here; on NAS-Bench-201 use a data-free proxy: " + Proxies.dataFree());
        }
        var space = Spaces.nasBench201();
        List<Sample> samples = sample(space, n, sampleSeed);
        double[] test = samples.stream().mapToDouble(bench::testAccuracy).toArray();
        var scorer = ProxyScorer.builder(nasBench201Network()).proxies(proxy).build();
        Correlation c = correlate(scorer, proxy, space, samples, test, bench.dataset().id() + "_test_200ep", initSeed,
                cacheDir, progress);
        double[] params = samples.stream().mapToDouble(bench::params).toArray();
        return List.of(c, baseline("params", space, samples, params, test, bench.dataset().id() + "_test_200ep"));
    }

    /**
     * Stand-alone ground truth: each sample trained once per seed by {@code training}, validation accuracy
     * recorded; cached under {@code cacheDir} keyed by the evaluator's description and the seeds, so a re-run
     * trains nothing it already trained.
     */
    public static StandAlone standAlone(SearchSpace space, List<Sample> samples, Evaluator training, long[] seeds,
                                        Path cacheDir, Consumer<String> progress) {
        var cache = new ScoreCache(cacheDir, "standalone", space.name() + " " + training.describe());
        double[][] acc = new double[samples.size()][seeds.length];
        int done = 0;
        for (int i = 0; i < samples.size(); i++) {
            for (int k = 0; k < seeds.length; k++) {
                String key = samples.get(i).key() + "@" + seeds[k];
                double[] hit = cache.get(key);
                if (hit == null) {
                    double a;
                    try {
                        a = training.evaluate(space.freeze(samples.get(i)), 1.0, seeds[k]).metric("accuracy");
                    } catch (EvaluationFailedException e) {
                        a = Double.NaN;
                        if (progress != null) {
                            progress.accept("training failed for " + key + ": " + e.getMessage());
                        }
                    }
                    cache.put(key, a);
                    hit = new double[] {a};
                    if (progress != null) {
                        progress.accept(String.format(Locale.ROOT, "trained %d/%d: %s seed %d accuracy %.4f",
                                done + 1, samples.size() * seeds.length, samples.get(i).key(), seeds[k], a));
                    }
                }
                acc[i][k] = hit[0];
                done++;
            }
        }
        return new StandAlone(space.name(), samples, seeds.clone(), acc);
    }

    /**
     * Validation accuracies of stand-alone trainings.
     *
     * @param accuracy [sample][seed], NaN where training failed
     */
    public record StandAlone(String space, List<Sample> samples, long[] seeds, double[][] accuracy) {

        /** Mean over seeds of each sample. */
        public double[] mean() {
            return Arrays.stream(accuracy).mapToDouble(a -> Summary.of(a).mean()).toArray();
        }

        /** Kendall tau between two seeds' rankings: the ceiling that training noise leaves any proxy. */
        public RankCorrelation.Result seedToSeed() {
            if (seeds.length < 2) {
                throw new IllegalStateException("seed-to-seed agreement needs at least 2 seeds, got " + seeds.length);
            }
            return RankCorrelation.compare(Arrays.stream(accuracy).mapToDouble(a -> a[0]).toArray(),
                    Arrays.stream(accuracy).mapToDouble(a -> a[1]).toArray());
        }

        /** Seed-to-seed agreement as a line the benchmark prints beside the proxies. */
        public String line() {
            RankCorrelation.Result r = seedToSeed();
            return String.format(Locale.ROOT, "PROXY name=seed_to_seed space=%s truth=standalone_seed%d n=%d"
                            + " failed=0 spearman=%.3f kendall=%.3f kendall_ci95=[%.3f,%.3f] ms_per_arch=na"
                            + " published=na (training noise: the most any proxy can reach)", space, seeds[1],
                    r.n(), r.spearman(), r.kendall(), r.tauLow(), r.tauHigh());
        }
    }
}
