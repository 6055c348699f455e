package org.jnas.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Trial;

/**
 * What a finished search must state to be credible: its seed and cost, its best architecture, what random search
 * reached with the same budget, how well the low fidelity ranked architectures (when measured), and the test score
 * of the chosen architecture (the only test-split evaluation).
 *
 * @param search              the search's description
 * @param strategy            the strategy with its options
 * @param evaluator           the evaluator's description
 * @param seed                the seed
 * @param evaluations         trials run (low-fidelity ones included)
 * @param failed              of which failed
 * @param totalCostSeconds    evaluation cost (device-seconds, or the benchmark's charge)
 * @param wallSeconds         wall-clock of the run
 * @param interrupted         ended early by an interrupt
 * @param primary             the primary objective
 * @param best                the chosen trial
 * @param baseline            random search at the same budget, when run or referenced
 * @param fidelityKendallTau  Kendall tau between lowest and full fidelity, when both were measured
 * @param test                the evaluator's test metrics of the chosen architecture, when it has a test split
 * @param paretoSize          number of trials on the Pareto front
 * @param diagnostics         the strategy's diagnostics at the end (for example the predictor's Kendall tau)
 * @param shownMetrics        the metrics printed for trials (objectives and constraints)
 */
public record Report(String search, String strategy, String evaluator, long seed, int evaluations, int failed,
                     double totalCostSeconds, double wallSeconds, boolean interrupted, Objective primary,
                     Optional<Trial> best, Optional<BaselineResult> baseline, OptionalDouble fidelityKendallTau,
                     Optional<Map<String, Double>> test, int paretoSize,
                     Map<String, Double> diagnostics, List<String> shownMetrics) {

    /** The best trial's primary metric, NaN when there is none. */
    public double bestValue() {
        return best.map(t -> t.metric(primary.metric())).orElse(Double.NaN);
    }

    /** The test value of the primary metric for the chosen architecture, NaN when not available. */
    public double testValue() {
        return test.map(m -> m.getOrDefault(primary.metric(), Double.NaN)).orElse(Double.NaN);
    }

    @Override
    public String toString() {
        String m = primary.metric();
        var sb = new StringBuilder();
        sb.append("Report: ").append(strategy).append(" on ").append(evaluator).append('\n');
        sb.append(String.format(Locale.ROOT, "  seed %d | %d evaluations (%d failed) | cost %.0f s | wall %.1f s%s%n",
                seed, evaluations, failed, totalCostSeconds, wallSeconds, interrupted ? " | INTERRUPTED" : ""));
        sb.append("  best:     ").append(best.map(t -> t.describe(shownMetrics)).orElse("none")).append('\n');
        sb.append(String.format(Locale.ROOT, "  %s: %.4f", primary, bestValue()));
        baseline.ifPresentOrElse(b -> sb.append(String.format(Locale.ROOT, " vs random search %s: %+.4f%n",
                        b, primary.maximize() ? bestValue() - b.bestValue() : b.bestValue() - bestValue())),
                () -> sb.append(strategy.startsWith("random(") ? " (this is random search)\n"
                        : " (no random baseline measured)\n"));
        fidelityKendallTau.ifPresent(t -> sb.append(String.format(Locale.ROOT,
                "  Kendall tau, low vs full fidelity: %.3f%n", t)));
        // the primary metric, then the other objectives and constraints the evaluator measured on the test run
        String testText = test.map(t -> String.format(Locale.ROOT, "%.4f", testValue())
                + shownMetrics.stream().filter(k -> !k.equals(m) && t.containsKey(k))
                        .map(k -> String.format(Locale.ROOT, ", %s=%.4g", k, t.get(k)))
                        .collect(java.util.stream.Collectors.joining()))
                .orElse("n/a (evaluator has no test split)");
        sb.append("  test ").append(m).append(" of the chosen architecture: ").append(testText).append('\n');
        if (!diagnostics.isEmpty()) {
            sb.append("  strategy diagnostics: ").append(LogLines.format(diagnostics)).append('\n');
        }
        sb.append("  Pareto front: ").append(paretoSize).append(" trial(s)");
        return sb.toString();
    }
}
