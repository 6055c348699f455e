package org.jnas.strategy;

import java.util.Map;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.space.Architecture;
import org.jnas.space.Choice;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.Sample;

/**
 * A cheap, exact two-objective problem with a known Pareto front: four choices x0..x3 in 0..4;
 * {@code accuracy = sum(x) / 16} (maximize), {@code params = sum((i + 1) * x_i^2)} (minimize). For every sum the
 * cheapest way to reach it is on the front.
 */
final class Quadratic implements Evaluator {
    static final ChoiceSpace SPACE = ChoiceSpace.of("quadratic", Choice.of("x0", 0, 1, 2, 3, 4),
            Choice.of("x1", 0, 1, 2, 3, 4), Choice.of("x2", 0, 1, 2, 3, 4), Choice.of("x3", 0, 1, 2, 3, 4));

    static double accuracy(Sample s) {
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += s.getInt("x" + i);
        }
        return sum / 16;
    }

    static double params(Sample s) {
        double p = 0;
        for (int i = 0; i < 4; i++) {
            p += (i + 1) * s.getInt("x" + i) * s.getInt("x" + i);
        }
        return p;
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        Sample s = architecture.sample();
        return Evaluation.of(Map.of("accuracy", accuracy(s), "params", params(s)), 1.0);
    }
}
