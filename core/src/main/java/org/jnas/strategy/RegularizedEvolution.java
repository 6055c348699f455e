package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Regularized (aging) evolution, Real et al. 2019: a population of the most recent trials; each child mutates one
 * choice of the best of a random tournament (optionally after a uniform crossover with a second tournament
 * winner); the oldest member dies when a child joins. Ageing keeps it exploring instead of settling on one lucky
 * early winner. The first {@code population} candidates are random.
 */
public final class RegularizedEvolution extends BaseStrategy {

    /**
     * @param population     members kept alive (the NAS-Bench-201 paper uses 10)
     * @param sampleSize     tournament size, at most {@code population}
     * @param crossover      probability in [0, 1] that a child is the crossover of two tournament winners before
     *                       its mutation
     * @param fidelity       fidelity of every evaluation
     */
    public record Options(int population, int sampleSize, double crossover, double fidelity) {
        public Options {
            if (population < 2) {
                throw new IllegalArgumentException("evolution population must be at least 2, got " + population);
            }
            if (sampleSize < 1 || sampleSize > population) {
                throw new IllegalArgumentException("evolution sampleSize must be in 1.." + population
                        + " (the population), got " + sampleSize);
            }
            if (!(crossover >= 0 && crossover <= 1)) {
                throw new IllegalArgumentException("evolution crossover probability must be in [0, 1], got "
                        + crossover);
            }
            if (!(fidelity > 0 && fidelity <= 1)) {
                throw new IllegalArgumentException("evolution fidelity must be in (0, 1], got " + fidelity);
            }
        }

        /** Population 10, tournament 3, no crossover, full fidelity. */
        public static Options defaults() {
            return new Options(10, 3, 0.0, 1.0);
        }
    }

    record State(int asked, List<Trial> population, List<Sample> proposed) {
    }

    private final Options options;
    private final Deque<Trial> population = new ArrayDeque<>();
    private int asked;

    public RegularizedEvolution(Options options) {
        this.options = options;
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        for (int i = 0; i < n; i++) {
            Sample s;
            if (asked < options.population() || population.isEmpty()) {
                s = randomSample();
            } else {
                Random rng = context().rng();
                Sample parent = tournament(rng);
                if (options.crossover() > 0 && rng.nextDouble() < options.crossover()) {
                    parent = context().space().crossover(parent, tournament(rng), rng);
                }
                Sample p = parent;
                s = fresh(() -> context().space().mutate(p, rng));
            }
            asked++;
            out.add(new Candidate(s, options.fidelity()));
        }
        return out;
    }

    private Sample tournament(Random rng) {
        List<Trial> members = new ArrayList<>(population);
        Trial best = null;
        for (int k = 0; k < options.sampleSize(); k++) {
            Trial t = members.get(rng.nextInt(members.size()));
            if (best == null || context().score(t) > context().score(best)) {
                best = t;
            }
        }
        return best.sample();
    }

    @Override
    public void tell(Trial trial) {
        proposed.add(trial.sample());
        if (!trial.ok()) {
            return;
        }
        population.addLast(trial);
        while (population.size() > options.population()) {
            population.removeFirst();
        }
    }

    /** The living population, oldest first. */
    public List<Trial> population() {
        return List.copyOf(population);
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(asked, new ArrayList<>(population), new ArrayList<>(proposed)));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        asked = s.asked();
        population.clear();
        population.addAll(s.population());
        proposed.clear();
        proposed.addAll(s.proposed());
    }

    @Override
    public String describe() {
        return "regularized-evolution(population=" + options.population() + ", sample=" + options.sampleSize()
                + ", crossover=" + options.crossover() + ", fidelity=" + options.fidelity() + ")";
    }
}
