package org.jnas.run;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jnas.strategy.Trial;

/**
 * The random-search baseline of a report.
 *
 * @param source      "random search, same cost, own seed 123" or the reference's source
 * @param bestValue   best primary-metric value random search reached (its own validation score, one seed)
 * @param evaluations its trials counted (0 for a reference)
 * @param costSeconds their evaluation cost (0 for a reference); never more than the search's
 * @param best        its best trial when it was run here
 * @param seed        the seed of its own random stream (0 for a reference)
 * @param trials      the trials counted, by id (empty for a reference)
 * @param discarded   trials it ran past the search's cost and that were therefore not counted (at most a few:
 *                    a trial's cost is known only once it ran)
 */
public record BaselineResult(String source, double bestValue, int evaluations, double costSeconds,
                             Optional<Trial> best, long seed, List<Trial> trials, int discarded) {
    public BaselineResult {
        trials = List.copyOf(trials);
    }

    /** A known figure, not run here. */
    static BaselineResult reference(String source, double value) {
        return new BaselineResult(source, value, 0, 0, Optional.empty(), 0, List.of(), 0);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f (%s%s)", bestValue, source,
                evaluations > 0 ? String.format(Locale.ROOT, ", %d evaluations, %.0f cost-s%s", evaluations,
                        costSeconds, discarded > 0 ? ", " + discarded + " more run past the cost and not counted"
                                : "") : "");
    }
}
