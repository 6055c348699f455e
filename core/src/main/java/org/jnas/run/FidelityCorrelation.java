package org.jnas.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jnas.stats.RankCorrelation;
import org.jnas.strategy.Trial;

/**
 * How well a lower fidelity ranks architectures like a higher one, over the samples a search measured at both:
 * Kendall tau and Spearman with a bootstrap 95% interval and n ({@link RankCorrelation#compare}). One per pair of
 * fidelities the search used. Below {@link RankCorrelation#MIN_PAIRS} pairs no number is given: the text says n
 * and that it was not estimated.
 *
 * @param low    the lower fidelity
 * @param high   the higher fidelity
 * @param metric the metric ranked
 * @param result tau, Spearman, interval and n
 */
public record FidelityCorrelation(double low, double high, String metric, RankCorrelation.Result result) {

    /** Whether enough pairs were measured for the numbers to be shown. */
    public boolean enough() {
        return result.enough();
    }

    /** Every pair of distinct fidelities among the ok trials, lower first, in increasing order. */
    static List<FidelityCorrelation> of(List<Trial> trials, String metric) {
        Map<Double, Map<String, Double>> byFidelity = new HashMap<>();
        for (Trial t : trials) {
            if (t.ok() && t.metrics().containsKey(metric)) {
                // a sample measured twice at one fidelity keeps its last value
                byFidelity.computeIfAbsent(t.fidelity(), f -> new HashMap<>()).put(t.sample().key(), t.metric(metric));
            }
        }
        List<Double> fidelities = new ArrayList<>(new TreeSet<>(byFidelity.keySet()));
        List<FidelityCorrelation> out = new ArrayList<>();
        for (int i = 0; i < fidelities.size(); i++) {
            for (int j = i + 1; j < fidelities.size(); j++) {
                Map<String, Double> lo = byFidelity.get(fidelities.get(i));
                Map<String, Double> hi = byFidelity.get(fidelities.get(j));
                List<String> both = lo.keySet().stream().filter(hi::containsKey).sorted().toList();
                if (both.isEmpty()) {
                    continue;
                }
                double[] x = both.stream().mapToDouble(lo::get).toArray();
                double[] y = both.stream().mapToDouble(hi::get).toArray();
                out.add(new FidelityCorrelation(fidelities.get(i), fidelities.get(j), metric,
                        RankCorrelation.compare(x, y)));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "fidelity %.3g vs %.3g: %s", low, high, result);
    }
}
