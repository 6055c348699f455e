package org.jnas.run;

import java.util.Map;
import java.util.function.Supplier;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.space.SearchSpace;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.Trial;

/**
 * One trial for a {@link TrialExecutor}: everything an evaluation depends on, which is what makes it a pure
 * function that can run anywhere.
 *
 * @param id        the trial's id in its search
 * @param candidate the sample and fidelity the strategy asked for
 * @param seed      the evaluation seed ({@link Search#trialSeed})
 * @param space     the space that freezes the sample into an architecture
 * @param evaluator the search's evaluator; a remote executor ships its {@link Evaluator#recipe() recipe}
 * @param here      the evaluation in this JVM, exactly as the search defines it (used by local threads)
 */
public record TrialTask(int id, Candidate candidate, long seed, SearchSpace space, Evaluator evaluator,
                        Supplier<Trial> here) {

    /** Evaluates in this JVM. */
    public Trial evaluateHere() {
        return here.get();
    }

    /** The trial of an evaluation that ran elsewhere; a NaN metric fails it, as in this JVM. */
    public Trial trialOf(Evaluation e) {
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            if (m.getValue() == null || m.getValue().isNaN()) {
                return Trial.failed(id, candidate, "metric '" + m.getKey() + "' is NaN (diverged?)", e.costSeconds());
            }
        }
        return Trial.ok(id, candidate, e.metrics(), e.costSeconds());
    }

    /** The failed trial of an evaluation that threw elsewhere. */
    public Trial failed(String error, double seconds) {
        return Trial.failed(id, candidate, error, seconds);
    }
}
