package org.jnas.run;

import java.util.Locale;
import java.util.stream.Collectors;
import org.jnas.stats.Comparison;
import org.jnas.stats.Summary;
import org.jnas.strategy.Trial;

/** The plain-text form of a {@link Report}: every number with what stands behind it (n, seeds, noise). */
final class ReportText {
    private ReportText() {
    }

    static String format(Report r) {
        String m = r.primary().metric();
        var sb = new StringBuilder();
        sb.append("Report: ").append(r.strategy()).append(" on ").append(r.evaluator()).append('\n');
        sb.append(f("  seed %d | %d evaluations (%d failed) | cost %.0f s | wall %.1f s%s%n", r.seed(),
                r.evaluations(), r.failed(), r.totalCostSeconds(), r.wallSeconds(),
                r.interrupted() ? " | INTERRUPTED" : ""));
        sb.append("  best:     ").append(r.best().map(t -> t.describe(r.shownMetrics()) + ", seed "
                + t.seed()).orElse("none")).append('\n');
        r.best().ifPresent(t -> { // training choices searched with the architecture (space.withHyperparameters)
            String hp = t.sample().values().entrySet().stream()
                    .filter(e -> e.getKey().startsWith(org.jnas.space.Hyperparameters.PREFIX))
                    .map(e -> e.getKey().substring(org.jnas.space.Hyperparameters.PREFIX.length()) + " " + e.getValue())
                    .collect(java.util.stream.Collectors.joining(", "));
            if (!hp.isEmpty()) {
                sb.append("  trained with (searched): ").append(hp).append('\n');
            }
        });
        Summary spread = r.trialSpread();
        sb.append(f("  %s: %.4f (validation, one seed per trial); the %d feasible trials span %.4f .. %.4f, sd %.4f%n",
                r.primary(), r.bestValue(), spread.n(), min(r), max(r), spread.sd()));
        r.noiseFloor().ifPresent(nf -> {
            sb.append("  noise floor: ").append(nf).append('\n');
            double[] sorted = r.trialValues().stream().mapToDouble(v -> r.primary().maximize() ? -v : v)
                    .sorted().toArray();
            if (nf.sd() > 0 && sorted.length >= 2) {
                double lead = Math.abs(sorted[1] - sorted[0]);
                // two sds side by side, no verdict: telling them apart would need a variance test at these n
                sb.append(f("    the best trial leads the runner-up by %.4f: %s; the trials' sd %.4f (n=%d) against"
                        + " the noise floor's sd %.4f (n=%d): ratio %.2f%n", lead,
                        nf.separates(lead) ? "beyond noise" : "within noise", spread.sd(), spread.n(), nf.sd(),
                        nf.summary().n(), spread.sd() / nf.sd()));
            }
        });
        sb.append("  test ").append(m).append(" of the chosen architecture: ").append(test(r)).append('\n');
        r.baseline().ifPresentOrElse(b -> baseline(sb, r, b), () -> sb.append(r.strategy().startsWith("random(")
                ? "  (this is random search: no random baseline)\n"
                : "  no random baseline measured (Search.baseline(Baseline.none()))\n"));
        if (r.finalCostSeconds() > 0) {
            int trainings = r.chosen().map(c -> c.runs().size()).orElse(0)
                    + r.baselinePick().map(c -> c.runs().size()).orElse(0);
            sb.append(f("  final evaluation (%s): %d trainings, %.0f cost-s, outside the search's cost%n",
                    r.finalEvaluation(), trainings, r.finalCostSeconds()));
        }
        if (!r.fidelityCorrelations().isEmpty()) {
            sb.append("  rank correlation of ").append(m).append(" between fidelities (samples measured at both):\n");
            r.fidelityCorrelations().forEach(c -> sb.append("    ").append(c).append('\n'));
        }
        if (!r.nearLimits().isEmpty()) {
            sb.append("  within measurement noise of a limit (a re-measure could flip feasibility): ")
                    .append(String.join("; ", r.nearLimits())).append('\n');
        }
        if (!r.diagnostics().isEmpty()) {
            sb.append("  strategy diagnostics: ").append(LogLines.format(r.diagnostics())).append('\n');
        }
        sb.append("  Pareto front: ").append(r.paretoSize()).append(" trial(s)");
        return sb.toString();
    }

    private static String test(Report r) {
        if (r.chosen().isEmpty()) {
            return r.interrupted() && r.best().isPresent() ? "not measured: the search was interrupted, and a stopped"
                    + " search trains nothing more (resume it from its journal to finish it and measure its choice)"
                    : "n/a (no chosen architecture)";
        }
        Retraining.Result c = r.chosen().get();
        String m = r.primary().metric();
        Summary t = c.test(m);
        if (t.n() == 0) {
            return "n/a (evaluator has no test split)";
        }
        String others = c.runs().get(0).test().map(e -> r.shownMetrics().stream()
                .filter(k -> !k.equals(m) && e.metrics().containsKey(k))
                .map(k -> f(", %s=%.4g", k, e.metric(k))).collect(Collectors.joining())).orElse("");
        if (r.finalEvaluation().sameWeightsAsTrial()) {
            Trial best = r.best().orElseThrow();
            double again = c.runs().get(0).validation().metric(m);
            double before = best.metric(m);
            return f("%.4f%s, on the weights that scored validation %.4f (one training with the trial's seed %d%s)",
                    t.mean(), others, again, c.seeds().get(0),
                    again == before ? "" : f("; the search's run of that seed scored %.4f: training is not"
                            + " deterministic here", before));
        }
        return f("%s%s, %d retrainings with seeds %s%s; the search's %.4f was one seed", t, others, t.n(),
                c.seeds(), t.sd() == 0 ? " (identical for every seed: no seed noise)" : "", r.bestValue());
    }

    private static void baseline(StringBuilder sb, Report r, BaselineResult b) {
        String m = r.primary().metric();
        if (b.evaluations() == 0 && b.best().isEmpty()) {
            sb.append(f("  vs %s: %.4f, best value only (%+.4f)%n", b.source(), b.bestValue(), oriented(r,
                    r.bestValue() - b.bestValue())));
            return;
        }
        sb.append(f("  vs %s: %d evaluations, %.0f cost-s (the search: %.0f)%s; its best %s %.4f (%+.4f for the"
                        + " search, one seed each)%n", b.source(), b.evaluations(), b.costSeconds(),
                r.totalCostSeconds(), b.discarded() > 0 ? f(", %d more run past the cost and not counted",
                        b.discarded()) : "", m, b.bestValue(), oriented(r, r.bestValue() - b.bestValue())));
        r.baselinePick().ifPresent(p -> {
            Summary t = p.test(m);
            if (t.n() > 0) {
                sb.append(f("    its pick's test %s, measured the same way: %s%n", m, t));
            }
        });
        r.versusBaseline().ifPresent(c -> sb.append("    search vs random, test ").append(m).append(": ")
                .append(verdict(c)).append('\n'));
    }

    private static String verdict(Comparison c) {
        if (c.a().n() >= 2 && c.a().sd() == 0 && c.b().sd() == 0) {
            return f("difference %+.4f (every seed gave the same values: no seed noise to test against)",
                    c.difference());
        }
        return c.verdict();
    }

    private static double oriented(Report r, double searchMinusBaseline) {
        return r.primary().maximize() ? searchMinusBaseline : -searchMinusBaseline;
    }

    private static double min(Report r) {
        return r.trialValues().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(Report r) {
        return r.trialValues().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
