package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Multi-objective evolution in the style of NSGA-II (Deb et al. 2002) for 2-3 objectives such as accuracy vs
 * parameters or latency, with hard constraints: parents are chosen by binary tournament on (front rank, crowding
 * distance); children are a uniform crossover and a one-choice mutation; every {@code population} results, parents
 * and children are merged and the best {@code population} by non-dominated sorting and crowding survive.
 * Constraints use Deb's rule: a feasible trial beats an infeasible one, a smaller violation beats a larger one.
 */
public final class Nsga2 extends BaseStrategy {

    /**
     * @param population survivors per generation, also the number of random candidates to start
     * @param crossover  probability in [0, 1] that a child is a crossover of two parents before mutation
     * @param fidelity   fidelity of every evaluation
     */
    public record Options(int population, double crossover, double fidelity) {
        public Options {
            if (population < 2) {
                throw new IllegalArgumentException("NSGA-II population must be at least 2, got " + population);
            }
            if (!(crossover >= 0 && crossover <= 1)) {
                throw new IllegalArgumentException("NSGA-II crossover probability must be in [0, 1], got "
                        + crossover);
            }
            if (!(fidelity > 0 && fidelity <= 1)) {
                throw new IllegalArgumentException("NSGA-II fidelity must be in (0, 1], got " + fidelity);
            }
        }

        /** Population 20, crossover 0.5, full fidelity. */
        public static Options defaults() {
            return new Options(20, 0.5, 1.0);
        }
    }

    record State(int asked, List<Trial> parents, List<Trial> offspring, List<Sample> proposed) {
    }

    private final Options options;
    private List<Trial> parents = new ArrayList<>();
    private final List<Trial> offspring = new ArrayList<>();
    private int[] rank = new int[0];
    private double[] crowd = new double[0];
    private int asked;

    public Nsga2(Options options) {
        this.options = options;
    }

    @Override
    public void start(SearchContext context) {
        super.start(context);
        if (context.objectives().size() > 3) {
            throw new IllegalArgumentException("NSGA-II here handles 1 to 3 objectives, got "
                    + context.objectives().size());
        }
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        for (int i = 0; i < n; i++) {
            Sample s;
            if (asked < options.population() || parents.isEmpty()) {
                s = randomSample();
            } else {
                Random rng = context().rng();
                Sample a = binaryTournament(rng);
                Sample parent = a;
                if (rng.nextDouble() < options.crossover()) {
                    parent = context().space().crossover(a, binaryTournament(rng), rng);
                }
                Sample p = parent;
                s = fresh(() -> context().space().mutate(p, rng));
            }
            asked++;
            out.add(new Candidate(s, options.fidelity()));
        }
        return out;
    }

    private Sample binaryTournament(Random rng) {
        int a = rng.nextInt(parents.size());
        int b = rng.nextInt(parents.size());
        boolean aWins = rank[a] < rank[b] || (rank[a] == rank[b] && crowd[a] >= crowd[b]);
        return parents.get(aWins ? a : b).sample();
    }

    @Override
    public void tell(Trial trial) {
        proposed.add(trial.sample());
        if (!trial.ok()) {
            return;
        }
        offspring.add(trial);
        if (offspring.size() >= options.population()) {
            var pool = new ArrayList<>(parents);
            pool.addAll(offspring);
            offspring.clear();
            select(pool);
        }
    }

    /** Environmental selection: fill the population front by front, the last front by crowding distance. */
    private void select(List<Trial> pool) {
        List<double[]> points = pool.stream().map(context()::objectiveVector).toList();
        double[] violations = pool.stream().mapToDouble(context()::violation).toArray();
        List<List<Integer>> fronts = Pareto.sort(points, violations);
        var next = new ArrayList<Trial>();
        var nextRank = new ArrayList<Integer>();
        var nextCrowd = new ArrayList<Double>();
        for (int f = 0; f < fronts.size() && next.size() < options.population(); f++) {
            List<Integer> front = fronts.get(f);
            double[] d = Pareto.crowding(front.stream().map(points::get).toList());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < front.size(); i++) {
                order.add(i);
            }
            order.sort((x, y) -> Double.compare(d[y], d[x]));
            for (int i : order) {
                if (next.size() == options.population()) {
                    break;
                }
                next.add(pool.get(front.get(i)));
                nextRank.add(f);
                nextCrowd.add(d[i]);
            }
        }
        parents = next;
        rank = nextRank.stream().mapToInt(Integer::intValue).toArray();
        crowd = nextCrowd.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The current parent population. */
    public List<Trial> parents() {
        return List.copyOf(parents);
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(asked, parents, offspring, new ArrayList<>(proposed)));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        asked = s.asked();
        offspring.clear();
        offspring.addAll(s.offspring());
        proposed.clear();
        proposed.addAll(s.proposed());
        parents = new ArrayList<>();
        if (!s.parents().isEmpty()) {
            select(new ArrayList<>(s.parents()));
        }
    }

    @Override
    public String describe() {
        return "nsga2(population=" + options.population() + ", crossover=" + options.crossover() + ", fidelity="
                + options.fidelity() + ")";
    }
}
