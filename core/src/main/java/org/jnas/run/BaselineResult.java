package org.jnas.run;

import java.util.Locale;
import java.util.Optional;
import org.jnas.strategy.Trial;

/**
 * The random-search baseline of a report.
 *
 * @param source      "random search, same budget, seed 42" or the reference's source
 * @param bestValue   best primary-metric value random search reached
 * @param evaluations its trials (0 for a reference)
 * @param costSeconds its evaluation cost (0 for a reference)
 * @param best        its best trial when it was run here
 */
public record BaselineResult(String source, double bestValue, int evaluations, double costSeconds,
                             Optional<Trial> best) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f (%s%s)", bestValue, source,
                evaluations > 0 ? String.format(Locale.ROOT, ", %d evaluations, %.0f cost-s", evaluations,
                        costSeconds) : "");
    }
}
