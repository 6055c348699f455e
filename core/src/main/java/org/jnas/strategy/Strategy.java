package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A search strategy as an ask/tell object over samples of any space: the runner asks for candidates, evaluates
 * them and tells the strategy each finished {@link Trial}. Strategies never see evaluators, threads or files, so
 * every strategy works with every space, evaluator, runner and journal.
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li>{@link #start} once, with the space, objectives, constraints and the seeded random generator. A strategy
 *       draws all its randomness from that generator, in {@code ask} and {@code tell} only, so the same sequence of
 *       asks and tells reproduces the same proposals (this is how journals resume a search exactly).</li>
 *   <li>{@link #ask} for up to {@code n} candidates. An empty list means "nothing to propose until results come
 *       in" (successive halving waits for its rung) or, when {@link #finished()}, that the strategy is done.</li>
 *   <li>{@link #tell} each finished trial, failed ones included (a strategy should treat them as worst).</li>
 * </ol>
 *
 * <h2>Resuming</h2>
 * A strategy needs nothing to be resumable: the journal records every trial and how many results the strategy had
 * been told when it asked for it, and a resumed search starts a fresh strategy on the same seeded context and
 * replays those asks and tells in their original order ({@code run/Search}), so the strategy reaches the same
 * state it had. That holds as long as {@code ask} and {@code tell} depend only on the context's generator and the
 * trials told. {@link #state()} / {@link #restore} are an optional JSON snapshot of what the strategy has learnt
 * (to inspect a population, or to hand a strategy to another process); jnas never calls them, and a strategy
 * that does not offer one says so when asked.
 *
 * <h2>Writing your own (one file plus one registration)</h2>
 * <ol>
 *   <li>Keep options in a record with a validating constructor (bad options fail before any trial).</li>
 *   <li>Use {@link SearchContext#score} for the primary score (it already handles failed and infeasible trials)
 *       and draw randomness only from the context's generator.</li>
 *   <li>Create samples only through the space ({@code sample}, {@code mutate}, {@code sampleOf}): that is what
 *       makes a strategy work on every space.</li>
 *   <li>Give {@link #describe()} every option: journals compare it to refuse resuming with other settings.</li>
 *   <li>To name it in search specs and {@code ./jnas search}: {@link Strategies#register}.</li>
 *   <li>Test it as {@code StrategiesTest} tests the built-in ones: the same seed gives the same trajectory, and
 *       a run stays within its budget, bad options name the option at fault.</li>
 * </ol>
 */
public interface Strategy {

    /** Called once before the first ask. */
    void start(SearchContext context);

    /** Up to {@code n} candidates to evaluate next; empty when waiting for results or finished. */
    List<Candidate> ask(int n);

    /** A finished trial (ok or failed) of a candidate this strategy asked for. */
    void tell(Trial trial);

    /** True when the strategy will propose nothing more (budget aside). */
    default boolean finished() {
        return false;
    }

    /**
     * Optional: what the strategy has learnt (population, rung, policy ...) as JSON, for {@link #restore}. Not
     * needed to resume a search (the journal is replayed); the built-in strategies offer it, others may not.
     *
     * @throws UnsupportedOperationException when the strategy keeps no snapshot (the default)
     */
    default JsonNode state() {
        throw new UnsupportedOperationException(noSnapshot());
    }

    /**
     * Optional: restores a {@link #state()} into a strategy started on the same context.
     *
     * @throws UnsupportedOperationException when the strategy keeps no snapshot (the default)
     */
    default void restore(JsonNode state) {
        throw new UnsupportedOperationException(noSnapshot());
    }

    private String noSnapshot() {
        return "strategy " + describe() + " offers no state snapshot (state/restore are optional). To continue a"
                + " search, give it a journal: Search.journal(path) resumes by replaying the recorded trials.";
    }

    /**
     * Numbers the strategy wants seen while it runs, for example a predictor's held-out Kendall tau; listeners
     * and the report show them. Empty by default.
     */
    default Map<String, Double> diagnostics() {
        return Map.of();
    }

    /** Name and every option, for example {@code regularized-evolution(population=10, sample=3)}. */
    String describe();
}
