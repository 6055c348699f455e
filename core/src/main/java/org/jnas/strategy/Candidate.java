package org.jnas.strategy;

import org.jnas.space.Sample;

/**
 * What a strategy asks to evaluate: a sample and the fidelity (fraction in (0, 1] of the evaluator's full budget)
 * to evaluate it at.
 */
public record Candidate(Sample sample, double fidelity) {
    public Candidate {
        if (sample == null) {
            throw new IllegalArgumentException("a candidate needs a sample");
        }
        if (!(fidelity > 0 && fidelity <= 1)) {
            throw new IllegalArgumentException("fidelity must be in (0, 1], got " + fidelity);
        }
    }

    /** A candidate at full fidelity. */
    public static Candidate of(Sample sample) {
        return new Candidate(sample, 1.0);
    }
}
