package org.jnas.proxy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.jnas.stats.Comparison;
import org.jnas.stats.RankCorrelation;
import org.jnas.strategy.Encoding;
import org.jnas.strategy.Surrogate;

/**
 * Does a proxy help the predictor? The surrogate of {@link org.jnas.strategy.PredictorSearch} (bootstrap ridge
 * ensemble on one-hot and path encodings) is fitted on {@code train} architectures with their 12-epoch validation
 * accuracy (what a search sees) and ranks the rest; the same with the proxy's percentile appended as a feature.
 * Repeated over seeded random splits; Kendall tau of each side's held-out predictions, and a Welch verdict on the
 * difference. The splits are shared by both sides (a paired design, tested here with the unpaired Welch test,
 * which is the more cautious).
 */
public final class PredictorWithProxy {
    private PredictorWithProxy() {
    }

    /**
     * @param space     space name
     * @param feature   the proxy feature's name
     * @param train     architectures fitted per repeat
     * @param heldOut   architectures ranked per repeat
     * @param without   held-out Kendall tau per repeat, encoding only
     * @param with      the same splits, encoding plus the proxy feature
     * @param verdict   with minus without
     */
    public record Result(String space, String feature, int train, int heldOut, double[] without, double[] with,
                         Comparison verdict) {
        public String line() {
            return String.format(Locale.ROOT, "PREDICTOR space=%s train=%d held_out=%d repeats=%d"
                            + " kendall_without=%.3f kendall_with_%s=%.3f %s", space, train, heldOut, without.length,
                    verdict.b().mean(), feature, verdict.a().mean(), verdict.verdict());
        }
    }

    /** On the architectures (and proxy scores) of a NAS-Bench-201 {@link ProxyStudy.Correlation}. */
    public static Result compare(NasBench201 bench, ProxyStudy.Correlation scored, int train, int repeats, long seed) {
        var space = Spaces.nasBench201();
        List<Sample> samples = scored.samples();
        int n = samples.size();
        if (train < 2 || n - train < RankCorrelation.MIN_PAIRS || repeats < 2) {
            throw new IllegalArgumentException("need train >= 2, at least " + RankCorrelation.MIN_PAIRS
                    + " held-out architectures and 2 repeats; got train " + train + " of " + n + ", repeats "
                    + repeats);
        }
        var scores = new HashMap<Sample, ProxyScore>();
        double[] validation = new double[n];
        for (int i = 0; i < n; i++) {
            scores.put(samples.get(i), ProxyScore.of(scored.proxy(), scored.scores()[i], 0));
            validation[i] = bench.evaluate(space.freeze(samples.get(i)), 1.0, 0).metric("accuracy");
        }
        ProxyFeature feature = ProxyFeature.percentile(scored.proxy(), scores);
        Encoding base = Encoding.oneHotAndPaths(space);
        Encoding withProxy = base.withFeatures(List.of(feature));
        double[] without = new double[repeats];
        double[] with = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            var order = new ArrayList<Integer>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new Random(seed + r));
            List<Integer> fit = order.subList(0, train);
            List<Integer> rest = order.subList(train, n);
            without[r] = heldOutTau(base, samples, validation, fit, rest, seed + r);
            with[r] = heldOutTau(withProxy, samples, validation, fit, rest, seed + r);
        }
        return new Result("nasbench201", feature.name(), train, n - train, without, with,
                Comparison.welch(with, without));
    }

    private static double heldOutTau(Encoding encoding, List<Sample> samples, double[] truth, List<Integer> fit,
                                     List<Integer> rest, long seed) {
        var surrogate = new Surrogate(encoding, 5, 10.0);
        surrogate.fit(fit.stream().map(samples::get).toList(), fit.stream().mapToDouble(i -> truth[i]).toArray(),
                new Random(seed));
        double[] predicted = rest.stream().mapToDouble(i -> surrogate.predict(samples.get(i)).mean()).toArray();
        double[] actual = rest.stream().mapToDouble(i -> truth[i]).toArray();
        return RankCorrelation.kendallTau(predicted, actual);
    }
}
