package org.jnas.oneshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jnas.eval.Evaluator;
import org.jnas.run.Retraining;
import org.jnas.run.SearchResult;
import org.jnas.stats.RankCorrelation;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Trial;

/**
 * The last step of a one-shot search: its top k architectures (by the one-shot score) re-trained stand-alone with
 * several seeds, so the user sees both rankings and how far the one-shot one can be trusted (Kendall tau with a
 * bootstrap interval, {@link RankCorrelation#compare}).
 *
 * <pre>{@code
 * var top = RetrainedTop.of(result, 5, 1, 2, 3);   // the evaluator's standalone(...) trains them
 * top                                              // both rankings, tau, each mean with its interval
 * }</pre>
 *
 * @param search    the search whose top k these are
 * @param metric    the primary objective's metric (the one-shot score and the retrained mean compare on it)
 * @param oneShot   the top k trials, best one-shot score first
 * @param retrained their stand-alone trainings, in the same order
 * @param agreement one-shot score vs retrained validation mean over the k architectures
 */
public record RetrainedTop(SearchResult search, String metric, List<Trial> oneShot, List<Retraining.Result> retrained,
                           RankCorrelation.Result agreement) {

    /** Retrains the top k with the stand-alone evaluator the one-shot evaluator was given. */
    public static RetrainedTop of(SearchResult search, int k, long... seeds) {
        Evaluator standalone = search.evaluator() instanceof OneShotEvaluator o ? o.standalone().orElse(null) : null;
        if (standalone == null) {
            throw new IllegalStateException("retrainTop needs a stand-alone evaluator: build the one-shot evaluator"
                    + " with .standalone(Evaluators.train(data)...build()), or call RetrainedTop.of(result,"
                    + " standalone, k, seeds)");
        }
        return of(search, standalone, k, seeds);
    }

    /** Retrains the top k (distinct architectures, by the primary objective) with {@code standalone}. */
    public static RetrainedTop of(SearchResult search, Evaluator standalone, int k, long... seeds) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        Objective primary = search.objectives().get(0);
        String metric = primary.metric();
        Comparator<Trial> best = Comparator.comparingDouble(t -> t.metric(metric));
        if (primary.maximize()) {
            best = best.reversed();
        }
        Map<String, Trial> distinct = new LinkedHashMap<>();
        search.trials().stream().filter(Trial::ok).sorted(best.thenComparingInt(Trial::id))
                .forEach(t -> distinct.putIfAbsent(t.sample().key(), t));
        List<Trial> top = distinct.values().stream().limit(k).toList();
        if (top.isEmpty()) {
            throw new IllegalStateException("the search has no successful trial to retrain");
        }
        Retraining retraining = Retraining.of(standalone, seeds);
        var results = new ArrayList<Retraining.Result>();
        for (Trial t : top) {
            results.add(retraining.run(search.space().freeze(t.sample())));
        }
        double[] scores = top.stream().mapToDouble(t -> t.metric(metric)).toArray();
        double[] means = results.stream().mapToDouble(r -> r.validation(metric).mean()).toArray();
        return new RetrainedTop(search, metric, top, results, RankCorrelation.compare(scores, means));
    }

    /** The per-seed validation values of all k architectures together (for a comparison with another group). */
    public double[] pooledValidation() {
        return retrained.stream().flatMap(r -> java.util.Arrays.stream(r.validationValues(metric)).boxed())
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** The per-seed test values of all k architectures together (empty when the evaluator has no test split). */
    public double[] pooledTest() {
        return retrained.stream().flatMap(r -> java.util.Arrays.stream(r.testValues(metric)).boxed())
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** The search's report followed by both rankings and their agreement. */
    public String report() {
        return search.report() + "\n" + this;
    }

    @Override
    public String toString() {
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Top %d by one-shot %s, retrained stand-alone with seeds %s:%n",
                oneShot.size(), metric, retrained.get(0).seeds()));
        int[] standaloneRank = rankOf(retrained.stream().mapToDouble(r -> r.validation(metric).mean()).toArray());
        for (int i = 0; i < oneShot.size(); i++) {
            var s = retrained.get(i).validation(metric);
            sb.append(String.format(Locale.ROOT, "  #%d one-shot %.4f | stand-alone #%d %.4f [95%% CI %.4f, %.4f]"
                            + " | %s%n", i + 1, oneShot.get(i).metric(metric), standaloneRank[i] + 1, s.mean(),
                    s.ciLow(), s.ciHigh(), oneShot.get(i).sample().key()));
        }
        sb.append("  one-shot vs stand-alone ranking: ").append(agreement);
        return sb.toString();
    }

    /** 0-based rank of each value, highest first. */
    private static int[] rankOf(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        int[] rank = new int[values.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
        }
        return rank;
    }
}
