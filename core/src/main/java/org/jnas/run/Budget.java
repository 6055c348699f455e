package org.jnas.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * When a search stops starting new trials: after a number of trials, of wall-clock seconds, or of evaluation cost
 * seconds (the evaluators' reported cost: training time, or a benchmark's charge). A running trial always finishes.
 *
 * @param kind  what is counted
 * @param limit how much of it
 */
public record Budget(@JsonProperty("kind") Kind kind, @JsonProperty("limit") double limit) {

    /** What a budget counts. */
    public enum Kind { TRIALS, SECONDS, COST_SECONDS }

    @JsonCreator
    public Budget {
        if (kind == null) {
            throw new IllegalArgumentException("budget kind must be trials, seconds or cost_seconds");
        }
        if (!(limit > 0) || Double.isInfinite(limit)) {
            throw new IllegalArgumentException("budget limit must be a positive number, got " + limit);
        }
        if (kind == Kind.TRIALS && limit != Math.rint(limit)) {
            throw new IllegalArgumentException("a trials budget must be a whole number, got " + limit);
        }
    }

    /** At most {@code n} evaluations (low-fidelity ones included). */
    public static Budget trials(int n) {
        return new Budget(Kind.TRIALS, n);
    }

    /** Wall-clock seconds of this run. */
    public static Budget seconds(double s) {
        return new Budget(Kind.SECONDS, s);
    }

    /** Evaluation cost seconds summed over trials (device-seconds of training, or a benchmark's charge). */
    public static Budget costSeconds(double s) {
        return new Budget(Kind.COST_SECONDS, s);
    }

    /** Whether another trial may start after {@code started} trials, {@code cost} cost and {@code wall} seconds. */
    boolean allows(int started, double cost, double wall) {
        return switch (kind) {
            case TRIALS -> started < limit;
            case SECONDS -> wall < limit;
            case COST_SECONDS -> cost < limit;
        };
    }

    /** Fraction of the budget spent, in [0, 1]. */
    double fraction(int done, double cost, double wall) {
        double used = switch (kind) {
            case TRIALS -> done;
            case SECONDS -> wall;
            case COST_SECONDS -> cost;
        };
        return Math.min(1, used / limit);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case TRIALS -> (long) limit + " trials";
            case SECONDS -> String.format(Locale.ROOT, "%.0f s wall-clock", limit);
            case COST_SECONDS -> String.format(Locale.ROOT, "%.0f cost-seconds", limit);
        };
    }
}
