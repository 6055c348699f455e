package org.jnas.run;

import java.io.PrintStream;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.Trial;

/**
 * Observes a search: a log line per trial, a progress bar, a notebook display. Called from the thread that runs
 * the search, one call at a time, in order; keep the calls quick. Every method has a no-op default.
 */
public interface SearchListener {

    /** Once, after the journal (if any) was replayed ({@link SearchStart#replayed} trials came from it). */
    default void onStart(SearchStart start) {
    }

    /** A trial was handed to a worker. */
    default void onTrialStart(int id, Candidate candidate) {
    }

    /** A trial finished (ok or failed) and is in the journal. */
    default void onTrialEnd(Trial trial, Progress progress) {
    }

    /**
     * The search's own trials are over (budget spent, strategy finished, or interrupted), before the random
     * baseline, if any, runs. {@code trials}: how many finished.
     */
    default void onTrialsDone(int trials, boolean interrupted) {
    }

    /** The search ended, its baseline included: budget spent, strategy finished, or interrupted. */
    default void onEnd(SearchResult result) {
    }

    /** One line per finished trial. */
    static SearchListener logLines(PrintStream out) {
        return new LogLines(out);
    }

    /** A single terminal line redrawn with {@code \r}: bar, trials, best so far, elapsed time. */
    static SearchListener progressBar(PrintStream out) {
        return new ProgressBar(out);
    }
}
