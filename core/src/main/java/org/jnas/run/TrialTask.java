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
 * @param evaluator the search's evaluator; a remote executor ships its {@link Evaluator#shippable() recipe}
 * @param here      the evaluation in this JVM, exactly as the search defines it (used by local threads)
 */
public record TrialTask(int id, Candidate candidate, long seed, SearchSpace space, Evaluator evaluator,
                        Supplier<Trial> here) {

    /** Evaluates in this JVM. */
    public Trial evaluateHere() {
        return here.get();
    }

    /** The trial of an evaluation (here or elsewhere): a NaN metric fails it, whichever JVM ran it. */
    public Trial trialOf(Evaluation e) {
        return trialOf(id, candidate, seed, e);
    }

    /** The failed trial of an evaluation that threw (here or elsewhere). */
    public Trial failed(String error, double seconds) {
        return Trial.failed(id, candidate, seed, error, seconds);
    }

    /** The one place that turns an evaluation into a trial (the search's own threads use it too). */
    static Trial trialOf(int id, Candidate candidate, long seed, Evaluation e) {
        for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
            if (m.getValue() == null || m.getValue().isNaN()) {
                return Trial.failed(id, candidate, seed, "metric '" + m.getKey() + "' is NaN (diverged?)",
                        e.costSeconds());
            }
        }
        return Trial.ok(id, candidate, seed, e.metrics(), e.costSeconds());
    }
}
