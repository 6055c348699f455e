package org.jnas.notebook;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A progress display redrawn in place while a loop runs: create it when the search starts, call
 * {@link #update(int, double)} after each trial and {@link #finish(int, double)} at the end. In a notebook it is
 * one output updated at most every {@code minIntervalMillis} (plus the final frame); in a terminal nothing is
 * printed until {@link #finish(int, double)} prints the final line. Thread-safe, so parallel trial workers may
 * report.
 *
 * <pre>{@code
 * var progress = LiveProgress.start("Random search", 30, "accuracy");
 * for (...) { ...; progress.update(trialsDone, bestAccuracy); }
 * progress.finish(trialsDone, bestAccuracy);
 * }</pre>
 */
public final class LiveProgress {
    /** Redraws more often than this only waste frontend time. */
    public static final long DEFAULT_MIN_INTERVAL_MILLIS = 250;

    private final String title;
    private final int total;
    private final String objective;
    private final long minIntervalNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final DisplayHandle handle;
    private long lastDrawNanos;
    private SearchProgress last;
    private boolean finished;

    LiveProgress(String title, int total, String objective, long minIntervalMillis, LongSupplier nanoClock) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0 (0 = unknown), got " + total);
        }
        if (minIntervalMillis < 0) {
            throw new IllegalArgumentException("minIntervalMillis must be >= 0, got " + minIntervalMillis);
        }
        this.title = title;
        this.total = total;
        this.objective = objective;
        this.minIntervalNanos = minIntervalMillis * 1_000_000L;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.last = frame(0, total > 0 ? 0 : Double.NaN, Double.NaN);
        this.lastDrawNanos = startNanos;
        this.handle = Notebook.isActive() ? Notebook.display(last) : null;
    }

    /** Starts a display for a budget of {@code total} trials (0 when unknown). */
    public static LiveProgress start(String title, int total, String objective) {
        return new LiveProgress(title, total, objective, DEFAULT_MIN_INTERVAL_MILLIS, System::nanoTime);
    }

    /** Records progress; redraws when the last redraw is older than the minimum interval. */
    public void update(int done, double best) {
        update(done, Double.NaN, best);
    }

    /**
     * Records progress against a budget that is not a trial count (time, cost): {@code budgetFraction} is the
     * share spent, in [0, 1]; NaN derives it from the trial total.
     */
    public synchronized void update(int done, double budgetFraction, double best) {
        if (finished) {
            return;
        }
        last = frame(done, budgetFraction, best);
        long now = nanoClock.getAsLong();
        if (handle != null && now - lastDrawNanos >= minIntervalNanos) {
            handle.update(last);
            lastDrawNanos = now;
        }
    }

    /** Draws the final frame (prints it as one line outside a notebook); later updates are ignored. */
    public SearchProgress finish(int done, double best) {
        return finish(done, Double.NaN, best);
    }

    /** {@link #finish(int, double)} for a budget that is not a trial count. */
    public synchronized SearchProgress finish(int done, double budgetFraction, double best) {
        if (!finished) {
            finished = true;
            last = frame(done, budgetFraction, best);
            if (handle != null) {
                handle.update(last);
            } else {
                System.out.println(last.plainText());
            }
        }
        return last;
    }

    /** The most recent frame, drawn or not. */
    public synchronized SearchProgress current() {
        return last;
    }

    private SearchProgress frame(int done, double budgetFraction, double best) {
        return new SearchProgress(title, done, total, budgetFraction, objective, best,
                Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - startNanos)));
    }
}
