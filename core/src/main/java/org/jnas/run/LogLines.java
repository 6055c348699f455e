package org.jnas.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Trial;

/** {@link SearchListener#logLines}: {@code [search] trial 12 (40%) ok accuracy=0.91 ... best=0.93}. */
final class LogLines implements SearchListener {
    private final PrintStream out;
    private List<String> shown = List.of();

    LogLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(SearchStart start) {
        shown = start.objectives().stream().map(Objective::metric).toList();
        out.println("[search] " + start.description()
                + (start.replayed() > 0 ? " (resumed: " + start.replayed() + " trials from journal)" : ""));
    }

    @Override
    public void onTrialEnd(Trial trial, Progress p) {
        out.println(String.format(Locale.ROOT, "[search] %3.0f%% %s | best %.4f", 100 * p.fraction(),
                trial.describe(shown),
                p.bestScore()) + (p.diagnostics().isEmpty() ? "" : " | " + format(p.diagnostics())));
    }

    static String format(Map<String, Double> diagnostics) {
        return new TreeMap<>(diagnostics).entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public void onEnd(SearchResult result) {
        out.println("[search] done: " + result.summary());
    }
}
