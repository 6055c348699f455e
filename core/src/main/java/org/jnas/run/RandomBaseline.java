package org.jnas.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.jnas.strategy.Objective;
import org.jnas.strategy.SearchContext;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;

/**
 * Runs the random-search baseline of a search, fairly:
 * <ul>
 *   <li><b>Same cost, never more.</b> It gets the search's total evaluation cost (or its trial count when the
 *       evaluator reports no cost). A trial's cost is known only after it ran, so random search runs until it
 *       reaches that cost, and then only its first trials (by id) whose summed cost stays within the search's are
 *       counted; the one that crossed the line is reported as discarded.</li>
 *   <li><b>Its own random stream.</b> Its seed is {@link #streamSeed} of the search's seed, so its draws are not
 *       the strategy's (with the same seed, random search would start with exactly the architectures of an
 *       evolution's random initial population, and the comparison would share their luck).</li>
 *   <li><b>Same evaluator, objectives, constraints and workers.</b> Its pick is then measured like the search's
 *       by the report's {@link FinalEvaluation}.</li>
 * </ul>
 */
final class RandomBaseline {
    /** The pseudo trial id whose seed becomes the baseline's stream seed (no trial has a negative id). */
    static final int STREAM = -1;

    private RandomBaseline() {
    }

    /** Mixed into the stream seed: SplitMix of the pseudo id alone maps search seed 0 to 0, its own stream. */
    private static final long STREAM_SALT = 0x6A09E667F3BCC909L;

    /** The seed of the baseline's random stream for a search with seed {@code searchSeed}. */
    static long streamSeed(long searchSeed) {
        return Search.trialSeed(searchSeed ^ STREAM_SALT, STREAM);
    }

    static Optional<BaselineResult> run(Search search, Baseline baseline, List<Trial> trials) {
        return switch (baseline.mode()) {
            case NONE -> Optional.empty();
            case REFERENCE -> Optional.of(BaselineResult.reference("reference: " + baseline.source(),
                    baseline.value()));
            case RUN -> trials.isEmpty() || search.isRandomSearch() ? Optional.empty()
                    : Optional.of(measure(search, trials));
        };
    }

    private static BaselineResult measure(Search search, List<Trial> trials) {
        double cost = trials.stream().mapToDouble(Trial::costSeconds).sum();
        boolean byCost = cost > 0;
        long seed = streamSeed(search.seed());
        Budget same = byCost ? Budget.costSeconds(cost) : Budget.trials(trials.size());
        SearchResult r = search.sameSetup(Strategies.random(), same, seed, ".random-baseline").run();
        List<Trial> ran = new ArrayList<>(r.trials());
        ran.sort(Comparator.comparingInt(Trial::id));
        List<Trial> counted = byCost ? withinCost(ran, cost) : ran;
        var context = new SearchContext(search.space(), search.objectives(), r.constraints(), new Random(0));
        Optional<Trial> best = SearchResult.best(counted, context);
        Objective primary = search.objectives().get(0);
        return new BaselineResult("random search, same " + (byCost ? "cost" : "trial count") + ", own seed " + seed,
                best.map(t -> t.metric(primary.metric())).orElse(Double.NaN), counted.size(),
                counted.stream().mapToDouble(Trial::costSeconds).sum(), best, seed, counted,
                ran.size() - counted.size());
    }

    /** The longest prefix of {@code byId} whose summed cost is at most {@code limit}. */
    static List<Trial> withinCost(List<Trial> byId, double limit) {
        List<Trial> kept = new ArrayList<>();
        double sum = 0;
        double slack = 1e-9 * Math.max(1, limit); // float sums of equal costs must not lose the last trial
        for (Trial t : byId) {
            if (sum + t.costSeconds() > limit + slack) {
                break;
            }
            sum += t.costSeconds();
            kept.add(t);
        }
        return kept;
    }
}
