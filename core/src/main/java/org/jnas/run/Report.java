package org.jnas.run;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jnas.eval.Retrained;
import org.jnas.stats.Comparison;
import org.jnas.stats.Summary;
import org.jnas.strategy.Objective;
import org.jnas.strategy.SearchContext;
import org.jnas.strategy.Trial;

/**
 * What a finished search must state to be credible: its seed and cost; its best architecture and the seed it was
 * trained with; how far the trials' scores spread and the noise floor they must be read against; what random
 * search reached with the same cost (never more) and whether the difference between the two picks' test scores is
 * beyond noise; how well each lower fidelity ranked architectures (with n and an interval, only from
 * {@link org.jnas.stats.RankCorrelation#MIN_PAIRS} pairs on); which trials are within measurement noise of a
 * constraint; and the test score of the chosen architecture, saying how it was measured. The text is made by
 * {@link ReportText}.
 *
 * @param search               the search's description
 * @param strategy             the strategy with its options
 * @param evaluator            the evaluator's description
 * @param seed                 the search's seed
 * @param evaluations          trials run (low-fidelity ones included)
 * @param failed               of which failed
 * @param totalCostSeconds     evaluation cost (device-seconds, or the benchmark's charge)
 * @param wallSeconds          wall-clock of the run
 * @param interrupted          ended early by an interrupt
 * @param primary              the primary objective
 * @param best                 the chosen trial
 * @param trialValues          the primary metric of the feasible ok trials at the highest fidelity (one seed each)
 * @param baseline             random search at the same cost, when run or referenced
 * @param fidelityCorrelations rank correlation per pair of fidelities the search used
 * @param finalEvaluation      how the chosen architecture (and the baseline's pick) were measured
 * @param chosen               the chosen architecture's final trainings, when there is a best trial
 * @param baselinePick         the baseline pick's final trainings, measured the same way, when run here
 * @param nearLimits           feasible or not, trials whose constraint metric is within its measurement noise of
 *                             the bound, as "#id metric=value±noise vs constraint"
 * @param paretoSize           number of trials on the Pareto front
 * @param diagnostics          the strategy's diagnostics at the end (for example the predictor's Kendall tau)
 * @param shownMetrics         the metrics printed for trials (objectives and constraints)
 */
public record Report(String search, String strategy, String evaluator, long seed, int evaluations, int failed,
                     double totalCostSeconds, double wallSeconds, boolean interrupted, Objective primary,
                     Optional<Trial> best, List<Double> trialValues, Optional<BaselineResult> baseline,
                     List<FidelityCorrelation> fidelityCorrelations, FinalEvaluation finalEvaluation,
                     Optional<Retraining.Result> chosen, Optional<Retraining.Result> baselinePick,
                     List<String> nearLimits, int paretoSize, Map<String, Double> diagnostics,
                     List<String> shownMetrics) {

    public Report {
        trialValues = List.copyOf(trialValues);
        fidelityCorrelations = List.copyOf(fidelityCorrelations);
        nearLimits = List.copyOf(nearLimits);
        diagnostics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(diagnostics)); // a stable print order
        shownMetrics = List.copyOf(shownMetrics);
    }

    /**
     * The report of a finished search: runs the final evaluation ({@link FinalEvaluation}) of the best trial and of
     * the random baseline's pick, the only place the test split is touched, and gathers what the result holds. An
     * interrupted search's report runs no final evaluation (its test line says so): it was asked to stop.
     * {@link SearchResult#report()} calls this once and keeps the answer.
     */
    public static Report of(SearchResult result) {
        SearchContext context = result.context();
        FinalEvaluation finalEvaluation = result.finalEvaluation();
        Optional<Trial> best = result.bestTrial();
        // a stopped search trains nothing more: Ctrl-C or a notebook's interrupt means stop now, and the
        // final evaluation retrains the chosen architecture k times (minutes on real data); resuming measures it
        Optional<Retraining.Result> chosen = result.interrupted() ? Optional.empty() : best.map(t ->
                finalEvaluation.run(result.evaluator(), context.space(), result.seed(), t));
        Optional<Retraining.Result> pick = result.interrupted() ? Optional.empty() : result.baseline()
                .flatMap(BaselineResult::best)
                .map(t -> finalEvaluation.run(result.evaluator(), context.space(), result.seed(), t));
        List<Trial> trials = result.trials();
        double top = trials.stream().filter(Trial::ok).mapToDouble(Trial::fidelity).max().orElse(1);
        List<Double> values = trials.stream().filter(t -> t.fidelity() == top && context.feasible(t))
                .map(t -> t.metric(context.primary().metric())).toList();
        String evaluator = result.evaluator().describe();
        String evaluated = result.setupCostSeconds() > 0 ? String.format(java.util.Locale.ROOT, "%s [setup %.0f s"
                + " charged once, included in the cost]", evaluator, result.setupCostSeconds()) : evaluator;
        return new Report(result.description(), result.strategy(), evaluated, result.seed(), trials.size(),
                (int) trials.stream().filter(t -> !t.ok()).count(), result.totalCostSeconds(), result.wallSeconds(),
                result.interrupted(), context.primary(), best, values, result.baseline(),
                result.fidelityCorrelations(), finalEvaluation, chosen, pick, result.nearLimitLines(),
                result.pareto().size(), result.diagnostics(), result.shownMetrics());
    }

    /** Mean, sd and interval of the trials' primary metric (one seed each). */
    public Summary trialSpread() {
        return Summary.of(trialValues.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The best trial's primary metric (its validation score, one seed), NaN when there is none. */
    public double bestValue() {
        return best.map(t -> t.metric(primary.metric())).orElse(Double.NaN);
    }

    /**
     * The chosen architecture's test value of the primary metric: the mean over the final evaluation's trainings
     * (one training with the trial's seed for {@link FinalEvaluation#sameWeights()}); NaN when not available.
     */
    public double testValue() {
        return test().mean();
    }

    /** The chosen architecture's test value over the final evaluation's trainings; n=0 without a test split. */
    public Summary test() {
        return chosen.map(r -> r.test(primary.metric())).orElse(Summary.of());
    }

    /** The chosen architecture's noise floor: its validation scores over the final evaluation's seeds. */
    public Optional<NoiseFloor> noiseFloor() {
        return chosen.filter(r -> r.runs().size() >= 2).map(r -> NoiseFloor.of(r, primary.metric()));
    }

    /**
     * The search's pick against the random baseline's pick, by their test values over the final evaluation's
     * seeds (Welch; oriented so a positive difference favours the search); empty without a baseline run here or
     * without a test split.
     */
    public Optional<Comparison> versusBaseline() {
        if (chosen.isEmpty() || baselinePick.isEmpty()) {
            return Optional.empty();
        }
        double[] a = chosen.get().testValues(primary.metric());
        double[] b = baselinePick.get().testValues(primary.metric());
        if (a.length == 0 || b.length == 0) {
            return Optional.empty();
        }
        return Optional.of(primary.maximize() ? Comparison.welch(a, b) : Comparison.welch(negate(a), negate(b)));
    }

    /** What the final evaluation cost (its trainings, both picks), outside the search's budget. */
    public double finalCostSeconds() {
        return chosen.map(Report::cost).orElse(0.0) + baselinePick.map(Report::cost).orElse(0.0);
    }

    private static double cost(Retraining.Result r) {
        return r.runs().stream().mapToDouble((Retrained x) -> x.validation().costSeconds()
                + x.test().map(t -> t.costSeconds()).orElse(0.0)).sum();
    }

    private static double[] negate(double[] v) {
        return java.util.Arrays.stream(v).map(x -> -x).toArray();
    }

    @Override
    public String toString() {
        return ReportText.format(this);
    }
}
