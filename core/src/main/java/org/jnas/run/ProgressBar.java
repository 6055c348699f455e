package org.jnas.run;

import java.io.PrintStream;
import java.util.Locale;
import org.jnas.strategy.Trial;

/** {@link SearchListener#progressBar}: one {@code \r}-redrawn terminal line, at most ten redraws a second. */
final class ProgressBar implements SearchListener {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private long lastDraw;

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onStart(SearchStart start) {
        int replayed = start.replayed();
        if (replayed > 0) { // after a crash or kill: say that the journal's trials are not run again
            out.println("resuming: " + replayed + " trial" + (replayed == 1 ? "" : "s")
                    + " replayed from the journal, not run again");
        }
    }

    @Override
    public void onTrialEnd(Trial trial, Progress p) {
        long now = System.nanoTime();
        if (now - lastDraw < 100_000_000L && p.fraction() < 1) {
            return;
        }
        lastDraw = now;
        int filled = (int) Math.round(p.fraction() * WIDTH);
        out.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%% %d trials (%d failed) best %.4f  %.0fs   ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * p.fraction(), p.done(), p.failed(),
                p.bestScore(), p.wallSeconds()) + (p.diagnostics().isEmpty() ? "" : LogLines.format(p.diagnostics())
                + "  "));
        out.flush();
    }

    @Override
    public void onEnd(SearchResult result) {
        out.println();
    }
}
