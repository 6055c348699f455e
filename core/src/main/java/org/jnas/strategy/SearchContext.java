package org.jnas.strategy;

import java.util.List;
import java.util.Random;
import org.jnas.space.SearchSpace;

/**
 * What a strategy is given when a search starts: the space, what to optimize, the limits, and the one seeded
 * random generator all its randomness must come from (so a seed reproduces the search).
 */
public record SearchContext(SearchSpace space, List<Objective> objectives, List<Constraint> constraints,
                            Random rng) {
    public SearchContext {
        if (space == null) {
            throw new IllegalArgumentException("a search needs a space");
        }
        if (objectives == null || objectives.isEmpty()) {
            throw new IllegalArgumentException("a search needs at least one objective, e.g."
                    + " Objective.maximize(\"accuracy\")");
        }
        objectives = List.copyOf(objectives);
        constraints = constraints == null ? List.of() : List.copyOf(constraints);
        if (rng == null) {
            throw new IllegalArgumentException("a search needs a random generator");
        }
    }

    /** The primary objective. */
    public Objective primary() {
        return objectives.get(0);
    }

    /** Sum of constraint violations; 0 when feasible. Failed trials are infinitely infeasible. */
    public double violation(Trial t) {
        if (!t.ok()) {
            return Double.POSITIVE_INFINITY;
        }
        double v = 0;
        for (Constraint c : constraints) {
            v += c.violation(t.metrics());
        }
        return v;
    }

    public boolean feasible(Trial t) {
        return violation(t) == 0;
    }

    /** The primary objective oriented so larger is better; -infinity for failed or infeasible trials. */
    public double score(Trial t) {
        if (!feasible(t)) {
            return Double.NEGATIVE_INFINITY;
        }
        return primary().oriented(t.metrics());
    }

    /** All objectives, each oriented so larger is better. Only for ok trials. */
    public double[] objectiveVector(Trial t) {
        double[] v = new double[objectives.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = objectives.get(i).oriented(t.metrics());
        }
        return v;
    }
}
