package org.jnas.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jnas.eval.Evaluation;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.Evaluator;
import org.jnas.space.Architecture;

/**
 * Zero-cost proxies as an {@link Evaluator}: the cheapest fidelity a strategy can use, a second or less per
 * architecture instead of a training run. Its metrics are the proxies' scores under their names (maximize them:
 * {@code Objective.maximize("synflow")}) and {@code proxy_ms}; there is no {@code accuracy}, because a proxy is not
 * one, and no test split.
 *
 * <pre>{@code
 * var proxyEval = new ProxyEvaluator(ProxyScorer.builder(network).proxies(new Synflow()).build());
 * Search.of(space).evaluator(proxyEval).objectives(Objective.maximize("synflow")) ...
 * }</pre>
 *
 * <ul>
 *   <li>Fidelity: a proxy has one cost; every fidelity in (0, 1] gives the same score and the same charge.</li>
 *   <li>Cost: the wall-clock of computing the scores.</li>
 *   <li>A failed score (see {@link ZeroCostProxy}) fails the trial with its reason
 *       ({@link EvaluationFailedException}); the search records it and goes on.</li>
 * </ul>
 */
public final class ProxyEvaluator implements Evaluator {
    private final ProxyScorer scorer;

    public ProxyEvaluator(ProxyScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        if (!(fidelity > 0 && fidelity <= 1)) {
            throw new IllegalArgumentException("fidelity must be in (0, 1], got " + fidelity);
        }
        long t0 = System.nanoTime();
        Map<String, ProxyScore> scores = scorer.score(architecture, seed);
        var metrics = new LinkedHashMap<String, Double>();
        for (ProxyScore s : scores.values()) {
            if (!s.ok()) {
                throw new EvaluationFailedException("zero-cost proxy " + s.proxy() + " of " + architecture
                        + " failed: " + s.failure());
            }
            metrics.put(s.proxy(), s.value());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.put("proxy_ms", seconds * 1000);
        return Evaluation.of(metrics, seconds);
    }

    @Override
    public java.util.Optional<String> cannotEvaluate(org.jnas.space.SearchSpace space) {
        return scorer.network().cannotBuild(space);
    }

    public ProxyScorer scorer() {
        return scorer;
    }

    @Override
    public String describe() {
        return "zero-cost proxies " + scorer.proxies().stream().map(ZeroCostProxy::name).toList() + " at"
                + " initialization (" + scorer.network() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
