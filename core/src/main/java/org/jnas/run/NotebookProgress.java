package org.jnas.run;

import org.jnas.notebook.LiveProgress;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Trial;

/**
 * Shows a running search as one live notebook output (trials done, best so far, elapsed, estimated remaining),
 * redrawn in place. {@link Search#run()} adds it by itself when a notebook kernel is active; outside a notebook
 * it prints one final line.
 */
public final class NotebookProgress implements SearchListener {
    private LiveProgress live;
    /** Time and cost budgets have no trial total: the bar then shows the share of the budget spent. */
    private boolean byTrials;
    private double best = Double.NaN;

    @Override
    public void onStart(SearchStart start) {
        Budget b = start.budget();
        byTrials = b.kind() == Budget.Kind.TRIALS;
        int total = byTrials ? (int) b.limit() : 0;
        Objective primary = start.objectives().get(0);
        live = LiveProgress.start(start.strategy() + " on " + start.space(), total, primary.metric());
        live.update(start.replayed(), Double.NaN);
    }

    @Override
    public void onTrialEnd(Trial trial, Progress progress) {
        if (live != null) {
            best = progress.bestScore();
            live.update(progress.done(), byTrials ? Double.NaN : progress.fraction(), best);
        }
    }

    /** Finishes the display before the random baseline runs, so its elapsed time is the search's own. */
    @Override
    public void onTrialsDone(int trials, boolean interrupted) {
        if (live != null) {
            // an interrupted search keeps the share it reached; a finished one spent its budget
            double fraction = byTrials ? Double.NaN : interrupted ? live.current().budgetFraction() : 1.0;
            live.finish(trials, fraction, best);
        }
    }
}
