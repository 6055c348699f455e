package org.jnas.baselines;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jnas.eval.Recipe;
import org.jnas.eval.cost.Latency;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.render.Displayable;
import org.jnas.render.Tables;
import org.jnas.run.Retraining;
import org.jnas.space.Architecture;
import org.jnas.stats.Comparison;
import org.jnas.stats.Summary;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Does a search's winner beat networks a person would write by hand, at the same cost and trained the same way?
 * Each {@link HandDesigned} family is scaled to the winner's cost ({@link CostMatch}: params, MACs, measured
 * latency or peak memory, within a stated tolerance), then the winner and every baseline are retrained stand-alone
 * with the same seeds ({@link Retraining}) by the same evaluator: the baselines through
 * {@link TrainingEvaluator#withNetwork}, so data, {@link Recipe}, latency and devices are shared by construction.
 * The test metric of the winner is compared with each baseline's by Welch's test ({@link Comparison}).
 *
 * <pre>{@code
 * var cmp = BaselineComparison.builder(evaluator, result.best().architecture(space))
 *         .match(new CostMatch("params", 0.15))
 *         .baselines(HandDesigned.resNet(1), HandDesigned.mobileNetV2(1), HandDesigned.dartsV2(5))
 *         .seeds(Retraining.seeds(1, 3)).run();
 * cmp            // a table: costs, test accuracy mean and 95% interval, difference to the winner and verdict
 * }</pre>
 */
public final class BaselineComparison implements Displayable {

    /**
     * One network of the comparison.
     *
     * @param label      what the table calls it
     * @param costs      params, flops, peak_memory_mb (and latency_ms when measured)
     * @param runs       its k-seed retraining
     * @param vsWinner   winner minus this network on the metric; null for the winner's own row
     */
    public record Row(String label, Map<String, Double> costs, Retraining.Result runs, Comparison vsWinner) {
    }

    private final String metric;
    private final CostMatch match;
    private final Recipe recipe;
    private final String evaluator;
    private final long[] seeds;
    private final List<Row> rows;

    private BaselineComparison(String metric, CostMatch match, Recipe recipe, String evaluator, long[] seeds,
                               List<Row> rows) {
        this.metric = metric;
        this.match = match;
        this.recipe = recipe;
        this.evaluator = evaluator;
        this.seeds = seeds;
        this.rows = List.copyOf(rows);
    }

    /** Starts a comparison of {@code winner} as {@code evaluator} trains it. */
    public static Builder builder(TrainingEvaluator evaluator, Architecture winner) {
        return new Builder(evaluator, winner);
    }

    /** The winner's row first, then one per baseline. */
    public List<Row> rows() {
        return rows;
    }

    public Row winner() {
        return rows.get(0);
    }

    /** The baseline rows. */
    public List<Row> baselines() {
        return rows.subList(1, rows.size());
    }

    public Recipe recipe() {
        return recipe;
    }

    /** The comparison as a table (one row per network). */
    public Table table() {
        var name = StringColumn.create("network");
        var cols = new LinkedHashMap<String, DoubleColumn>();
        for (String c : List.of("params", "flops", "peak_memory_mb", "latency_ms")) {
            if (rows.stream().allMatch(r -> r.costs().containsKey(c))) {
                cols.put(c, DoubleColumn.create(c));
            }
        }
        var ratio = DoubleColumn.create(match.metric() + " ratio");
        var mean = DoubleColumn.create("test " + metric);
        var low = DoubleColumn.create("95% CI low");
        var high = DoubleColumn.create("95% CI high");
        var diff = DoubleColumn.create("winner - this");
        var p = DoubleColumn.create("Welch p");
        var verdict = StringColumn.create("verdict");
        double target = winner().costs().get(match.metric());
        for (Row r : rows) {
            name.append(r.label());
            cols.forEach((k, col) -> col.append(r.costs().get(k)));
            ratio.append(r.costs().get(match.metric()) / target);
            Summary s = r.runs().test(metric);
            mean.append(s.mean());
            low.append(s.ciLow());
            high.append(s.ciHigh());
            if (r.vsWinner() == null) {
                diff.appendMissing();
                p.appendMissing();
                verdict.append("(the winner)");
            } else {
                diff.append(r.vsWinner().difference());
                p.append(r.vsWinner().p());
                verdict.append(verdictWords(r.vsWinner()));
            }
        }
        var t = Table.create("winner vs hand-designed networks at matched " + match.metric() + ", "
                + seeds.length + " seeds each", name);
        cols.values().forEach(t::addColumns);
        t.addColumns(ratio, mean, low, high, diff, p, verdict);
        return t;
    }

    private static String verdictWords(Comparison c) {
        if (Double.isNaN(c.p())) {
            return "not testable (need 2+ seeds)";
        }
        if (!c.significant()) {
            return "within noise";
        }
        return c.difference() > 0 ? "winner better" : "baseline better";
    }

    /** The lines a report prints: setup, then each baseline's verdict with its interval. */
    public String summary() {
        var sb = new StringBuilder();
        sb.append("Hand-designed baselines matched on ").append(match.metric()).append(" within ")
                .append(String.format(Locale.ROOT, "%.0f%%", 100 * match.tolerance()))
                .append(", all trained by ").append(evaluator).append(" (recipe: ").append(recipe)
                .append("), seeds ").append(Arrays.toString(seeds)).append('\n');
        sb.append("  winner ").append(winner().label()).append(": test ").append(metric).append(' ')
                .append(winner().runs().test(metric)).append('\n');
        for (Row r : baselines()) {
            sb.append("  ").append(r.label()).append(String.format(Locale.ROOT, " (%s ratio %.3f): test %s %s%n",
                    match.metric(), r.costs().get(match.metric()) / winner().costs().get(match.metric()), metric,
                    r.runs().test(metric)));
            sb.append("    winner - ").append(r.label()).append(": ").append(r.vsWinner().verdict()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    @Override
    public Map<String, Object> mimeBundle() {
        String text = toString();
        String html = "<p>" + escape(summary().lines().findFirst().orElse("")) + "</p>\n"
                + Tables.html(table());
        return Map.of("text/html", html, "text/plain", text);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public String toString() {
        return summary() + "\n" + Tables.text(table());
    }

    /** Options of a comparison; {@link #run()} checks the cost matching before any training. */
    public static final class Builder {
        private final TrainingEvaluator evaluator;
        private final Architecture winner;
        private String winnerLabel = "winner";
        // 15%: DARTS's C moves a small network's size in steps of about 30%; chains match within a few percent
        private CostMatch match = new CostMatch("params", 0.15);
        private final List<HandDesigned> families = new ArrayList<>();
        private long[] seeds = Retraining.seeds(1, 3);
        private String metric = "accuracy";
        private Latency latency = Latency.defaults();
        private java.util.function.Consumer<String> log = line -> { };

        private Builder(TrainingEvaluator evaluator, Architecture winner) {
            this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
            this.winner = Objects.requireNonNull(winner, "winner");
        }

        /** What the table calls the winner. Default "winner". */
        public Builder winnerLabel(String label) {
            this.winnerLabel = Objects.requireNonNull(label, "label");
            return this;
        }

        /** The cost to match and its tolerance. Default params within 15%. */
        public Builder match(CostMatch match) {
            this.match = Objects.requireNonNull(match, "match");
            return this;
        }

        /** The families to compare with. Default resNet(1), mobileNetV2(1), dartsV2(5). */
        public Builder baselines(HandDesigned... families) {
            this.families.addAll(List.of(families));
            return this;
        }

        /** The seeds every network is trained with (at least 2 for a verdict). Default 1, 2, 3. */
        public Builder seeds(long... seeds) {
            if (seeds.length == 0) {
                throw new IllegalArgumentException("give at least one seed (two or more for a verdict)");
            }
            this.seeds = seeds.clone();
            return this;
        }

        /** The seeds every network will be trained with. */
        public long[] seedsToTrain() {
            return seeds.clone();
        }

        /** The test metric compared. Default accuracy. */
        public Builder metric(String metric) {
            this.metric = Objects.requireNonNull(metric, "metric");
            return this;
        }

        /** How latency is measured when matching on it. Default {@link Latency#defaults()}. */
        public Builder latency(Latency latency) {
            this.latency = Objects.requireNonNull(latency, "latency");
            return this;
        }

        /** Where to report each finished training (a comparison takes k trainings per network). Default: nowhere. */
        public Builder log(java.util.function.Consumer<String> log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        private Retraining.Result train(TrainingEvaluator e, String label, Architecture arch) {
            var runs = new ArrayList<org.jnas.eval.Retrained>();
            for (long seed : seeds) {
                var r = Retraining.of(e, seed).run(arch).runs().get(0);
                log.accept(String.format(Locale.ROOT, "%s, seed %d: test %s %.4f (%.0f s)", label, seed, metric,
                        r.test().map(t -> t.metric(metric)).orElse(Double.NaN), r.validation().costSeconds()));
                runs.add(r);
            }
            return new Retraining.Result(arch, runs);
        }

        /** The matched members, without training anything: what {@link #run()} will train. */
        public List<CostMatch.Matched> matched() {
            double target = winnerCosts().get(match.metric());
            var list = new ArrayList<CostMatch.Matched>();
            for (HandDesigned f : familiesOrDefault()) {
                list.add(match.match(f, target, evaluator.network(), latency));
            }
            return list;
        }

        private Map<String, Double> winnerCosts() {
            return evaluator.network().costs(winner, match.metric().equals("latency_ms") ? latency : null);
        }

        private List<HandDesigned> familiesOrDefault() {
            return families.isEmpty() ? List.of(HandDesigned.resNet(1), HandDesigned.mobileNetV2(1),
                    HandDesigned.dartsV2(5)) : families;
        }

        /** Matches every family (failing before any training if one cannot be matched), then trains them all. */
        public BaselineComparison run() {
            Map<String, Double> winnerCosts = winnerCosts();
            List<CostMatch.Matched> matched = matched();
            var rows = new ArrayList<Row>();
            Retraining.Result w = train(evaluator, winnerLabel, winner);
            rows.add(new Row(winnerLabel, winnerCosts, w, null));
            for (CostMatch.Matched m : matched) {
                TrainingEvaluator same = evaluator.withNetwork(m.network().networkBuilder());
                Retraining.Result r = train(same, m.network().label(), m.network().architecture());
                rows.add(new Row(m.network().label(), m.costs(), r,
                        Comparison.welch(w.testValues(metric), r.testValues(metric))));
            }
            return new BaselineComparison(metric, match, evaluator.recipe(), evaluator.describe(), seeds, rows);
        }
    }
}
