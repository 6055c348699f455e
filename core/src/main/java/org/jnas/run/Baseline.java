package org.jnas.run;

/**
 * How a search's report gets its random-search baseline: run random search with the same budget on the same
 * evaluator after the search ({@link #run()}, the default), take a known figure ({@link #reference}), or skip it
 * ({@link #none()}, the report then says no baseline was measured).
 *
 * @param mode   what to do
 * @param value  the referenced best primary-metric value (REFERENCE only)
 * @param source where the reference comes from (REFERENCE only)
 */
public record Baseline(Mode mode, double value, String source) {

    /** What to do for the baseline. */
    public enum Mode { RUN, REFERENCE, NONE }

    public Baseline {
        if (mode == null) {
            throw new IllegalArgumentException("baseline mode must be run, reference or none");
        }
        if (mode == Mode.REFERENCE && (!Double.isFinite(value) || source == null || source.isBlank())) {
            throw new IllegalArgumentException("a reference baseline needs a finite value and a source, got "
                    + value + " from " + source);
        }
    }

    public static Baseline run() {
        return new Baseline(Mode.RUN, Double.NaN, null);
    }

    public static Baseline none() {
        return new Baseline(Mode.NONE, Double.NaN, null);
    }

    /** A known random-search result (best primary-metric value) at the same budget, and where it comes from. */
    public static Baseline reference(double bestValue, String source) {
        return new Baseline(Mode.REFERENCE, bestValue, source);
    }
}
