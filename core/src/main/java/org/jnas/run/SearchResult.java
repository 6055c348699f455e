package org.jnas.run;

import org.jnas.render.CurveChart;
import org.jnas.render.ParetoChart;
import org.jnas.render.Picture;
import org.jnas.render.Pictures;
import org.jnas.render.Tables;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jnas.eval.Evaluator;
import org.jnas.space.SearchSpace;
import org.jnas.strategy.Constraint;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Pareto;
import org.jnas.strategy.SearchContext;
import org.jnas.strategy.Trial;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a search found: every trial (in the order asked), the best one, the Pareto front, the history as a
 * Tablesaw table, and a {@link Report} with seed, cost, baseline, rank correlation and the final test score.
 */
public final class SearchResult {
    private final String description;
    private final SearchContext context;
    private final long seed;
    private final List<Trial> trials;
    private final double wallSeconds;
    private final boolean interrupted;
    private final Evaluator evaluator;
    private final Optional<BaselineResult> baseline;
    private final String strategy;
    private final Map<String, Double> diagnostics;
    private final FinalEvaluation finalEvaluation;
    private Report report;

    SearchResult(String description, SearchContext context, long seed, List<Trial> trials, double wallSeconds,
                 boolean interrupted, Evaluator evaluator, Optional<BaselineResult> baseline, String strategy,
                 Map<String, Double> diagnostics, FinalEvaluation finalEvaluation) {
        this.description = description;
        this.context = context;
        this.seed = seed;
        this.trials = List.copyOf(trials);
        this.wallSeconds = wallSeconds;
        this.interrupted = interrupted;
        this.evaluator = evaluator;
        this.baseline = baseline;
        this.strategy = strategy;
        this.diagnostics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(diagnostics)); // stable order
        this.finalEvaluation = finalEvaluation;
    }

    /** The strategy with its options, as it describes itself, e.g. {@code regularized-evolution(population=10, ...)}. */
    public String strategy() {
        return strategy;
    }

    /** The strategy's short name, e.g. {@code random} or {@code nsga2}. */
    public String strategyName() {
        int paren = strategy.indexOf('(');
        return paren > 0 ? strategy.substring(0, paren) : strategy;
    }

    /** The strategy's diagnostics at the end (for example {@code predictor_tau}). */
    public Map<String, Double> diagnostics() {
        return diagnostics;
    }

    /** Every finished trial, by id. */
    public List<Trial> trials() {
        return trials;
    }

    public SearchSpace space() {
        return context.space();
    }

    public List<Objective> objectives() {
        return context.objectives();
    }

    public long seed() {
        return seed;
    }

    /** True when the search was interrupted before its budget was spent. */
    public boolean interrupted() {
        return interrupted;
    }

    public double wallSeconds() {
        return wallSeconds;
    }

    /** The trials' cost plus the evaluator's one-time setup (a one-shot supernet's training), charged once. */
    public double totalCostSeconds() {
        return trials.stream().mapToDouble(Trial::costSeconds).sum() + setupCostSeconds();
    }

    /** What the evaluator spent once for the whole search ({@link Evaluator#setupCostSeconds()}); 0 for most. */
    public double setupCostSeconds() {
        return evaluator.setupCostSeconds();
    }

    /** The evaluator this search scored with (a one-shot search's stand-alone retraining starts from it). */
    public Evaluator evaluator() {
        return evaluator;
    }

    /** The best feasible trial: highest fidelity measured first, then the primary objective. */
    public Optional<Trial> bestTrial() {
        return best(trials, context);
    }

    /** The best trial, or an error saying why there is none. */
    public Trial best() {
        return bestTrial().orElseThrow(() -> new IllegalStateException("no feasible successful trial among "
                + trials.size() + " (" + trials.stream().filter(t -> !t.ok()).count() + " failed)"));
    }

    static Optional<Trial> best(List<Trial> trials, SearchContext context) {
        return trials.stream().filter(context::feasible)
                .max(Comparator.comparingDouble(Trial::fidelity).thenComparingDouble(context::score)
                        .thenComparing(Comparator.comparingInt(Trial::id).reversed()));
    }

    /**
     * The non-dominated feasible trials on all objectives, at the highest fidelity measured for each sample,
     * sorted by the primary objective (best first).
     */
    public List<Trial> pareto() {
        Map<String, Trial> highest = new HashMap<>();
        for (Trial t : trials) {
            highest.merge(t.sample().key(), t, (a, b) -> b.fidelity() > a.fidelity() ? b : a);
        }
        List<Trial> front = new ArrayList<>(Pareto.front(new ArrayList<>(highest.values()), context));
        front.sort(Comparator.comparingDouble(context::score).reversed().thenComparingInt(Trial::id));
        return front;
    }

    /**
     * One row per trial: id, sample key, each training choice ({@code hp/...}) of the space, each objective and constraint metric, fidelity, cost_s, seed (the one
     * it was trained with), status, error.
     */
    public Table history() {
        Set<String> metrics = new LinkedHashSet<>();
        context.objectives().forEach(o -> metrics.add(o.metric()));
        context.constraints().forEach(c -> metrics.add(c.metric()));
        var id = IntColumn.create("id");
        var sample = StringColumn.create("sample");
        var cols = new ArrayList<DoubleColumn>();
        for (String m : metrics) {
            cols.add(DoubleColumn.create(m));
        }
        var fidelity = DoubleColumn.create("fidelity");
        var cost = DoubleColumn.create("cost_s");
        var seeds = StringColumn.create("seed");
        var status = StringColumn.create("status");
        var error = StringColumn.create("error");
        for (Trial t : trials) {
            id.append(t.id());
            sample.append(t.sample().key());
            int i = 0;
            for (String m : metrics) {
                Double v = t.metrics().get(m);
                cols.get(i++).append(v == null ? Double.NaN : v);
            }
            fidelity.append(t.fidelity());
            cost.append(t.costSeconds());
            seeds.append(Long.toString(t.seed()));
            status.append(t.status().name().toLowerCase(Locale.ROOT));
            error.append(t.error() == null ? "" : t.error());
        }
        Table table = Table.create("history of " + strategy + " on " + context.space().name(), id, sample);
        // training choices searched with the architecture (space.withHyperparameters): one column each
        for (var choice : context.space().choices()) {
            if (choice.label().startsWith(org.jnas.space.Hyperparameters.PREFIX)) {
                var column = StringColumn.create(choice.label());
                trials.forEach(t -> column.append(String.valueOf(t.sample().values().get(choice.label()))));
                table.addColumns(column);
            }
        }
        cols.forEach(table::addColumns);
        return table.addColumns(fidelity, cost, seeds, status, error);
    }

    /**
     * Rank correlation (Kendall tau, Spearman, bootstrap 95% interval, n) of the primary metric between every pair
     * of fidelities this search used, over the samples measured at both; empty for a single-fidelity search. Pairs
     * with fewer than {@link org.jnas.stats.RankCorrelation#MIN_PAIRS} samples carry n but no estimate.
     */
    public List<FidelityCorrelation> fidelityCorrelations() {
        return FidelityCorrelation.of(trials, context.primary().metric());
    }

    /**
     * Trials whose constraint metric lies within its own measurement noise of the bound ({@code <metric>_noise},
     * as measured latency records it): their feasibility rests on a measurement that a re-measure could flip.
     * Feasibility itself is decided on the value (the median for latency).
     */
    public List<Trial> withinNoiseOfLimits() {
        return trials.stream().filter(Trial::ok)
                .filter(t -> context.constraints().stream().anyMatch(c -> c.withinNoise(t.metrics()))).toList();
    }

    List<String> nearLimitLines() {
        var lines = new ArrayList<String>();
        for (Trial t : withinNoiseOfLimits()) {
            for (Constraint c : context.constraints()) {
                if (c.withinNoise(t.metrics())) {
                    lines.add(String.format(Locale.ROOT, "#%d %s=%.4g±%.2g vs %s (%s)", t.id(), c.metric(),
                            t.metric(c.metric()), t.metric(c.metric() + "_noise"), c,
                            c.violation(t.metrics()) == 0 ? "feasible" : "infeasible"));
                }
            }
        }
        return lines;
    }

    /** The random-search baseline, when measured or referenced. */
    public Optional<BaselineResult> baseline() {
        return baseline;
    }

    /**
     * The report, built once by {@link Report#of(SearchResult)} and kept: the first call runs the final evaluation
     * ({@link FinalEvaluation}, default 3 seeds) of the best architecture and of the random baseline's pick, the
     * only time the test split is touched. An interrupted search's report trains nothing: its test line says the
     * choice was not measured.
     */
    public synchronized Report report() {
        if (report == null) {
            report = Report.of(this);
        }
        return report;
    }

    /** The search's description, as the report states it. */
    String description() {
        return description;
    }

    /** The space, objectives and constraints the trials were judged by. */
    SearchContext context() {
        return context;
    }

    /** How {@link #report()} measures the chosen architecture. */
    public FinalEvaluation finalEvaluation() {
        return finalEvaluation;
    }

    /**
     * The winner against hand-designed networks of the same cost, trained by this search's evaluator (one recipe)
     * with the seeds of the report's final training ({@link #finalEvaluation()}), so the winner's row is the
     * report's k-seed retraining again: {@code result.againstHandDesigned().run()}; see
     * {@link org.jnas.baselines.BaselineComparison}. With {@link FinalEvaluation#sameWeights()} (one seed, no
     * verdict possible) it takes the seeds {@link FinalEvaluation#seeds} with the default k would.
     */
    public org.jnas.baselines.BaselineComparison.Builder againstHandDesigned() {
        if (!(evaluator instanceof org.jnas.eval.djl.TrainingEvaluator training)) {
            throw new IllegalStateException("hand-designed baselines are trained, so they need a search with a"
                    + " TrainingEvaluator; this one used " + evaluator.describe());
        }
        FinalEvaluation seeds = finalEvaluation.sameWeightsAsTrial()
                ? FinalEvaluation.seeds(FinalEvaluation.DEFAULT_SEEDS) : finalEvaluation;
        return org.jnas.baselines.BaselineComparison.builder(training, context.space().freeze(best().sample()))
                .winnerLabel("winner #" + best().id()).seeds(seeds.seedsFor(seed, best()));
    }

    // ---- pictures: what a notebook shows of a result ----

    /**
     * The accuracy/cost picture: the first objective on the y axis against the second on the x axis (log scale
     * when it spans two decades or more), the front highlighted, constraint-breaking trials greyed, the best
     * trial labelled. Needs at least two objectives. {@code others} (for example a random search with the same
     * budget) are drawn on the same axes for comparison, each with its own front.
     */
    public ParetoChart paretoChart(SearchResult... others) {
        List<Objective> objs = context.objectives();
        if (objs.size() < 2) {
            throw new IllegalStateException("a Pareto chart needs two objectives; this search has " + objs
                    + ". Add one, e.g. .objectives(Objective.maximize(\"accuracy\"), Objective.minimize(\"params\"))");
        }
        Objective y = objs.get(0);
        Objective x = objs.get(1);
        var b = ParetoChart.builder().title(y.metric() + " vs " + x.metric() + ", " + trials.size() + " trials")
                .x(x.metric(), direction(x)).y(y.metric(), direction(y));
        for (Trial t : trials) {
            if (plottable(t, x, y)) {
                b.point(t.metric(x.metric()), t.metric(y.metric()), "#" + t.id(), context.feasible(t));
            }
        }
        for (Constraint c : context.constraints()) {
            if (c.metric().equals(x.metric())) {
                b.xLimit(c.bound(), c.toString());
            } else if (c.metric().equals(y.metric())) {
                b.yLimit(c.bound(), c.toString());
            }
        }
        bestTrial().ifPresent(t -> b.chosen("#" + t.id()));
        if (objs.size() == 2) {
            // the search's own front (highest fidelity per sample), so chart and report never disagree
            b.front(pareto().stream().map(t -> "#" + t.id()).toList());
        }
        for (SearchResult other : others) {
            var ps = new ArrayList<ParetoChart.Point>();
            String name = other.strategyName();
            for (Trial t : other.trials) {
                if (plottable(t, x, y) && other.context.feasible(t)) {
                    ps.add(new ParetoChart.Point(t.metric(x.metric()), t.metric(y.metric()), name + " #" + t.id(),
                            true));
                }
            }
            if (!ps.isEmpty()) {
                b.reference(name + " (" + ps.size() + " feasible trials)", ps);
            }
        }
        return b.build(); // the chart turns an axis logarithmic by itself when it spans two decades
    }

    private static boolean plottable(Trial t, Objective x, Objective y) {
        return t.ok() && t.metrics().containsKey(x.metric()) && t.metrics().containsKey(y.metric());
    }

    /** Best-so-far of the primary objective against trials, for this search alone. */
    public CurveChart bestSoFarChart() {
        return compare(Map.of(strategy, List.of(this)));
    }

    /**
     * Best-so-far curves of several strategies, each over several seeds, with the spread band: the fair way to
     * compare strategies (same budget, same evaluator, many seeds).
     */
    public static CurveChart compare(Map<String, List<SearchResult>> runsByStrategy) {
        Objective primary = runsByStrategy.values().iterator().next().get(0).context.primary();
        var b = CurveChart.bestSoFar(primary.metric(), direction(primary))
                .title("best " + primary.metric() + " so far");
        new java.util.TreeMap<>(runsByStrategy).forEach((name, runs) -> {
            for (SearchResult r : runs) {
                double[] values = r.trials.stream().mapToDouble(t -> t.ok() && r.context.feasible(t)
                        ? t.metric(primary.metric()) : Double.NaN).toArray();
                // a failed or infeasible trial still spends budget but improves nothing: draw it as the run's worst
                // value, which leaves the best-so-far curve where it was (the chart refuses NaN)
                var finite = java.util.Arrays.stream(values).filter(Double::isFinite);
                var worst = primary.maximize() ? finite.min() : finite.max();
                if (worst.isPresent()) {
                    b.run(name, java.util.Arrays.stream(values).map(v -> Double.isFinite(v) ? v : worst.getAsDouble())
                            .toArray());
                }
            }
        });
        return b.build();
    }

    /** The history as a table that notebooks show as HTML (first {@code maxRows} rows) and terminals as text. */
    public Tables.TableView historyView() {
        return Tables.view(history());
    }

    /** The picture of the best trial's architecture. */
    public Picture bestPicture() {
        return Pictures.of(context.space().freeze(best().sample()));
    }

    /**
     * The pictures a notebook shows of this result, by file-friendly name: {@code best-so-far} (the primary
     * objective's best-so-far curve), {@code pareto} (with two objectives or more) and {@code best-architecture}
     * (when a trial succeeded). {@code ./jnas search} saves each as PNG and SVG beside its journal
     * ({@link Picture#save}).
     */
    public Map<String, Picture> pictures() {
        var out = new java.util.LinkedHashMap<String, Picture>();
        out.put("best-so-far", bestSoFarChart());
        if (context.objectives().size() > 1 && bestTrial().isPresent()) {
            out.put("pareto", paretoChart());
        }
        if (bestTrial().isPresent()) {
            out.put("best-architecture", bestPicture());
        }
        return out;
    }

    private static ParetoChart.Direction direction(Objective o) {
        return o.maximize() ? ParetoChart.Direction.MAXIMIZE : ParetoChart.Direction.MINIMIZE;
    }

    /** One line: trials, cost, best. */
    public String summary() {
        String m = context.primary().metric();
        return String.format(Locale.ROOT, "%d trials (%d failed), %.0f cost-s, %.1f s wall, best %s%s",
                trials.size(), trials.stream().filter(t -> !t.ok()).count(), totalCostSeconds(), wallSeconds,
                bestTrial().map(t -> String.format(Locale.ROOT, "%s=%.4f %s", m, t.metric(m), t.sample()))
                        .orElse("none"), interrupted ? " (interrupted)" : "");
    }

    /** Objective and constraint metric names, for compact printing. */
    List<String> shownMetrics() {
        var names = new LinkedHashSet<String>();
        context.objectives().forEach(o -> names.add(o.metric()));
        context.constraints().forEach(c -> names.add(c.metric()));
        return List.copyOf(names);
    }

    List<Constraint> constraints() {
        return context.constraints();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("SearchResult: ").append(summary()).append('\n');
        List<Trial> front = pareto();
        if (context.objectives().size() > 1) {
            sb.append("Pareto front (").append(front.size()).append("):\n");
            front.stream().limit(20).forEach(t -> sb.append("  ").append(t.describe(shownMetrics())).append('\n'));
            if (front.size() > 20) {
                sb.append("  ... ").append(front.size() - 20).append(" more\n");
            }
        }
        return sb.toString();
    }
}
