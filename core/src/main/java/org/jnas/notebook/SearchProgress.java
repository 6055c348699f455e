package org.jnas.notebook;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jnas.render.Displayable;

/**
 * One frame of a live search progress display: trials done out of a budget, the best objective so far, time spent
 * and an estimate of time left. Plain numbers only, so any loop (a search runner, DARTS epochs, a benchmark) can
 * draw one without depending on the runner's types. Renders as HTML in a notebook and as one line in a terminal.
 *
 * @param title          what is running, e.g. {@code "Regularized evolution"}
 * @param done           trials (or steps) finished, at least 0
 * @param total          the budget in trials, or 0 when the budget is not a trial count
 * @param budgetFraction share of the budget spent in [0, 1] (time or cost budgets), NaN when unknown; derived
 *                       from {@code done / total} when NaN and {@code total > 0}
 * @param objective      name of the objective shown as "best", e.g. {@code "accuracy"}; may be empty
 * @param best           best objective value so far, {@code NaN} before the first result
 * @param elapsed        wall time since the start
 */
public record SearchProgress(String title, int done, int total, double budgetFraction, String objective,
                             double best, Duration elapsed) implements Displayable {

    /** Progress against a budget of {@code total} trials. */
    public SearchProgress(String title, int done, int total, String objective, double best, Duration elapsed) {
        this(title, done, total, Double.NaN, objective, best, elapsed);
    }

    public SearchProgress {
        if (done < 0 || total < 0) {
            throw new IllegalArgumentException("progress counts must be >= 0, got done=" + done + " total=" + total);
        }
        if (total > 0 && done > total) {
            throw new IllegalArgumentException("done (" + done + ") exceeds the budget total (" + total
                    + "); pass total=0 when the budget is not a trial count");
        }
        title = title == null || title.isBlank() ? "Search" : title;
        objective = objective == null ? "" : objective;
        if (elapsed == null || elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must be a non-negative duration, got " + elapsed);
        }
        if (Double.isNaN(budgetFraction) && total > 0) {
            budgetFraction = (double) done / total;
        }
        if (budgetFraction < 0 || budgetFraction > 1) {
            throw new IllegalArgumentException("budgetFraction must be in [0, 1] (or NaN), got " + budgetFraction);
        }
    }

    /** Time left at the pace so far; empty before any of the budget is spent or when the budget is unknown. */
    public Optional<Duration> remaining() {
        if (Double.isNaN(budgetFraction) || budgetFraction == 0) {
            return Optional.empty();
        }
        long nanosLeft = Math.round(elapsed.toNanos() * ((1 - budgetFraction) / budgetFraction));
        return Optional.of(Duration.ofNanos(nanosLeft));
    }

    /** Share of the budget spent in [0, 1], or NaN when unknown. */
    public double fraction() {
        return budgetFraction;
    }

    public boolean finished() {
        return budgetFraction == 1;
    }

    /** One line, e.g. {@code Search: 12/30 trials (40%) | best accuracy 0.8412 | elapsed 1m 02s | left ~1m 33s}. */
    public String plainText() {
        StringBuilder sb = new StringBuilder(title).append(": ").append(done);
        if (total > 0) {
            sb.append('/').append(total).append(" trials (")
                    .append(Math.round(100 * fraction())).append("%)");
        } else if (!Double.isNaN(budgetFraction)) {
            sb.append(" trials (").append(Math.round(100 * fraction())).append("% of the budget)");
        } else {
            sb.append(" trials");
        }
        sb.append(" | best ").append(objective.isEmpty() ? "" : objective + " ").append(formatBest());
        sb.append(" | elapsed ").append(formatDuration(elapsed));
        remaining().ifPresent(r -> sb.append(" | left ~").append(formatDuration(r)));
        return sb.toString();
    }

    /** A small self-contained HTML block with a progress bar; no scripts, so it renders in any frontend. */
    public String html() {
        boolean known = !Double.isNaN(budgetFraction);
        String pct = known ? String.format(Locale.ROOT, "%.1f", 100 * fraction()) : "0";
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"jnas-progress\" style=\"font-family:sans-serif;font-size:13px;max-width:520px\">");
        sb.append("<div><b>").append(escape(title)).append("</b> &mdash; ").append(done);
        sb.append(total > 0 ? " / " + total + " trials" : " trials");
        if (total == 0 && known) {
            sb.append(" (").append(Math.round(100 * fraction())).append("% of the budget)");
        }
        if (finished()) {
            sb.append(" (done)");
        }
        sb.append("</div>");
        if (known) {
            sb.append("<div style=\"background:#e5e7eb;height:10px;border-radius:5px;margin:4px 0\">")
                    .append("<div style=\"background:#2563eb;height:10px;border-radius:5px;width:")
                    .append(pct).append("%\"></div></div>");
        }
        sb.append("<table style=\"border-collapse:collapse\"><tr>")
                .append(cell("best" + (objective.isEmpty() ? "" : " " + escape(objective)), formatBest()))
                .append(cell("elapsed", formatDuration(elapsed)))
                .append(cell("remaining", remaining().map(r -> "~" + formatDuration(r)).orElse("&ndash;")))
                .append("</tr></table></div>");
        return sb.toString();
    }

    @Override
    public Map<String, Object> mimeBundle() {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("text/html", html());
        bundle.put("text/plain", plainText());
        return bundle;
    }

    @Override
    public String toString() {
        return plainText();
    }

    private String formatBest() {
        return Double.isNaN(best) ? "-" : String.format(Locale.ROOT, "%.4g", best);
    }

    private static String cell(String label, String value) {
        return "<td style=\"padding:2px 14px 2px 0\"><span style=\"color:#6b7280\">" + label + "</span> "
                + value + "</td>";
    }

    /** {@code 45.2s}, {@code 3m 07s}, {@code 2h 05m}. */
    static String formatDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
