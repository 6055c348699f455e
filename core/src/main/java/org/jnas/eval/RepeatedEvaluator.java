package org.jnas.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.jnas.space.Architecture;
import org.jnas.stats.Summary;

/**
 * Evaluates every candidate k times, with seeds {@code seed, seed+1, ..., seed+k-1}, and reports the mean: seed
 * noise shrinks by sqrt(k) and is measured, at k times the cost. Each metric that varied across the seeds gets
 * two companions: {@code <metric>_sd} (standard deviation over the k runs) and {@code <metric>_noise} (half the
 * width of the 95% t interval of the mean), which reports and constraint checks read. Made by
 * {@link Evaluators#repeats}.
 *
 * <p>The trial's recorded seed is the first of the k; the cost is the sum of the k evaluations; the curve is the
 * first run's. {@link #test} averages the test split over the same k seeds; {@link #retrain} is one training, as
 * for the wrapped evaluator (final reports repeat it over their own seeds).
 */
public final class RepeatedEvaluator implements Evaluator {
    private final Evaluator inner;
    private final int k;

    RepeatedEvaluator(Evaluator inner, int k) {
        if (inner == null) {
            throw new IllegalArgumentException("repeats needs an evaluator to repeat, e.g."
                    + " Evaluators.repeats(Evaluators.train(data).build(), 3)");
        }
        if (k < 2) {
            throw new IllegalArgumentException("repeats needs k >= 2 seeds to measure noise, got " + k
                    + "; use the evaluator itself for one seed");
        }
        this.inner = inner;
        this.k = k;
    }

    public int repeats() {
        return k;
    }

    public Evaluator inner() {
        return inner;
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        List<Evaluation> runs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            runs.add(inner.evaluate(architecture, fidelity, seed + i));
        }
        return combine(runs);
    }

    @Override
    public Optional<String> cannotEvaluate(org.jnas.space.SearchSpace space) {
        return inner.cannotEvaluate(space);
    }

    @Override
    public Optional<Evaluation> test(Architecture architecture, long seed) {
        List<Evaluation> runs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Optional<Evaluation> e = inner.test(architecture, seed + i);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            runs.add(e.get());
        }
        return Optional.of(combine(runs));
    }

    @Override
    public Retrained retrain(Architecture architecture, long seed) {
        return inner.retrain(architecture, seed);
    }

    /** Means of every metric; {@code _sd} and {@code _noise} for those that varied. */
    static Evaluation combine(List<Evaluation> runs) {
        var names = new TreeSet<String>();
        runs.forEach(r -> names.addAll(r.metrics().keySet()));
        var metrics = new LinkedHashMap<String, Double>();
        var spreads = new LinkedHashMap<String, Summary>();
        for (String name : names) {
            double[] v = runs.stream().filter(r -> r.metrics().containsKey(name))
                    .mapToDouble(r -> r.metric(name)).toArray();
            Summary s = Summary.of(v);
            metrics.put(name, s.mean());
            boolean companion = name.endsWith("_sd") || name.endsWith("_noise") || name.endsWith("_iqr");
            if (s.n() >= 2 && s.sd() > 0 && !companion) {
                spreads.put(name, s);
            }
        }
        spreads.forEach((name, s) -> {
            metrics.put(name + "_sd", s.sd());
            metrics.put(name + "_noise", s.halfWidth()); // replaces a single run's own noise (latency's)
        });
        double cost = runs.stream().mapToDouble(Evaluation::costSeconds).sum();
        return new Evaluation(metrics, cost, runs.get(0).curve());
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "repeats(%d seeds: trial seed + 0..%d, mean) of %s", k, k - 1,
                inner.describe());
    }

    @Override
    public String toString() {
        return describe();
    }
}
