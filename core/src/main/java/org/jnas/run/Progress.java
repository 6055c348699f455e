package org.jnas.run;

import java.util.Map;
import java.util.Optional;
import org.jnas.strategy.Trial;

/**
 * Where a running search stands, as listeners see it after each trial.
 *
 * @param done        trials finished (replayed ones included)
 * @param failed      of which failed
 * @param fraction    share of the budget spent, in [0, 1]
 * @param costSeconds evaluation cost so far
 * @param wallSeconds wall-clock seconds of this run
 * @param best        best trial so far by the primary objective (feasible, highest fidelity first)
 * @param bestScore   its primary metric value
 * @param diagnostics the strategy's {@link org.jnas.strategy.Strategy#diagnostics()} (predictor tau ...)
 */
public record Progress(int done, int failed, double fraction, double costSeconds, double wallSeconds,
                       Optional<Trial> best, double bestScore, Map<String, Double> diagnostics) {
}
