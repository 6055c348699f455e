package org.jnas.eval;

import java.util.Optional;
import org.jnas.space.Architecture;
import org.jnas.space.SearchSpace;

/**
 * Scores an architecture: trains it with DJL, looks it up in a tabular benchmark, or estimates it with a cheap
 * proxy. The search runner calls it once per trial.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #evaluate} sees only training and validation data: the test split is for {@link #test}, which only
 *       the final report calls, once, on the chosen architecture. This keeps search decisions free of test
 *       leakage.</li>
 *   <li>Deterministic: the same architecture, fidelity and seed give the same metrics on CPU.</li>
 *   <li>A diverging run (NaN loss), out-of-memory or a broken architecture throws
 *       {@link EvaluationFailedException}; the runner records the trial as failed and goes on.</li>
 *   <li>{@link Evaluation#costSeconds()} is the honest cost of the evaluation (wall-clock of training, or the
 *       training time a benchmark recorded or, where it recorded none, an estimate it documents), so that
 *       searches report what they spent.</li>
 *   <li>{@link #cannotEvaluate} says, before any trial, when a whole space is out of reach (wrapping evaluators
 *       ask the one they wrap).</li>
 * </ul>
 */
public interface Evaluator {

    /**
     * Evaluates at a fidelity: a fraction in (0, 1] of the evaluator's full budget (epochs or data), so that
     * successive halving and Hyperband can screen cheaply. 1 means the full budget.
     */
    Evaluation evaluate(Architecture architecture, double fidelity, long seed);

    /**
     * Why this evaluator cannot score the architectures of {@code space}, or empty when it can. A search asks
     * before its first trial and refuses to start with this reason (a custom cell space against the NAS-Bench-201
     * table, a space of user choices without a network function), instead of recording every trial as failed.
     * Answer from the space's structure only (labels, options, kinds of architecture): no training, no I/O. The
     * default, empty, suits evaluators that accept any architecture.
     */
    default Optional<String> cannotEvaluate(SearchSpace space) {
        return Optional.empty();
    }

    /** Final held-out score of a chosen architecture; empty when the evaluator has no test split. */
    default Optional<Evaluation> test(Architecture architecture, long seed) {
        return Optional.empty();
    }

    /**
     * Trains (or looks up) the architecture at full fidelity with {@code seed} and scores it on the validation
     * split and, where there is one, the test split. Only final reporting calls it (never a strategy), so the
     * test split still cannot steer a search. The default evaluates twice; an evaluator that trains overrides it
     * to score both splits on one set of weights.
     */
    default Retrained retrain(Architecture architecture, long seed) {
        return new Retrained(seed, evaluate(architecture, 1.0, seed), test(architecture, seed));
    }

    /**
     * How to rebuild this evaluator in another JVM (a cluster's executor), reading the data there; empty when it
     * cannot travel (data given as arrays in memory, a network function that is not serializable). See
     * {@link EvaluatorRecipe}.
     */
    default Optional<EvaluatorRecipe> shippable() {
        return Optional.empty();
    }

    /**
     * Seconds spent once for the whole search rather than per trial (a one-shot evaluator's supernet training), so a
     * search can charge it once in its cost. 0 for evaluators whose every trial pays its own way.
     */
    default double setupCostSeconds() {
        return 0;
    }

    /** A short description for reports, for example {@code "train(fashion-mnist, 1 epoch)"}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
