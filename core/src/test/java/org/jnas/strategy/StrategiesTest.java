package org.jnas.strategy;

import org.jnas.stats.RankCorrelation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

class StrategiesTest {
    static final NasBench201 BENCH = NasBench201.load();

    static SearchResult nb201(Strategy strategy, int budget, long seed) {
        return Search.of(Spaces.nasBench201()).strategy(strategy).evaluator(BENCH)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(budget)).seed(seed)
                .baseline(Baseline.none()).run();
    }

    /** Benchmark B2's score: the 200-epoch test accuracy of the architecture chosen by 12-epoch validation. */
    static double meanTestAccuracy(Supplier<Strategy> strategy, int budget, int seeds) {
        double sum = 0;
        for (int seed = 0; seed < seeds; seed++) {
            sum += BENCH.testAccuracy(nb201(strategy.get(), budget, seed).best().sample());
        }
        return sum / seeds;
    }

    @Test
    void everyStrategyRunsOnNasBench201WithinItsBudget() {
        List<Supplier<Strategy>> all = List.of(Strategies::random, Strategies::regularizedEvolution,
                Strategies::nsga2, Strategies::successiveHalving, Strategies::hyperband, Strategies::reinforce,
                Strategies::predictor);
        for (Supplier<Strategy> make : all) {
            SearchResult r = nb201(make.get(), 60, 3);
            assertEquals(60, r.trials().size(), make.get().describe());
            assertTrue(r.trials().stream().allMatch(Trial::ok));
            double best = r.best().metric("accuracy");
            double randomMean = r.trials().stream().mapToDouble(t -> t.metric("accuracy")).average().orElseThrow();
            assertTrue(best > randomMean, make.get().describe() + " best " + best + " mean " + randomMean);
            assertTrue(best > 0.80 && best <= 1.0, make.get().describe() + " best " + best);
        }
    }

    @Test
    void evolutionBeatsRandomSearchInMeanOverManySeeds() {
        double random = meanTestAccuracy(Strategies::random, 100, 60);
        double evolution = meanTestAccuracy(Strategies::regularizedEvolution, 100, 60);
        assertTrue(evolution > random, "evolution " + evolution + " vs random " + random);
    }

    @Test
    void sameSeedSameTrajectoryOtherSeedOtherTrajectory() {
        List<Sample> a = nb201(Strategies.regularizedEvolution(), 40, 7).trials().stream().map(Trial::sample).toList();
        List<Sample> b = nb201(Strategies.regularizedEvolution(), 40, 7).trials().stream().map(Trial::sample).toList();
        List<Sample> c = nb201(Strategies.regularizedEvolution(), 40, 8).trials().stream().map(Trial::sample).toList();
        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    @Test
    void nsga2FindsTheTrueFrontOfAKnownTwoObjectiveProblem() {
        Set<List<Double>> truth = new HashSet<>();
        List<Sample> all = new java.util.ArrayList<>();
        for (int i = 0; i < 625; i++) {
            all.add(Quadratic.SPACE.sampleOf(i % 5, i / 5 % 5, i / 25 % 5, i / 125));
        }
        for (Sample s : all) {
            boolean dominated = all.stream().anyMatch(o -> Pareto.dominates(
                    new double[] {Quadratic.accuracy(o), -Quadratic.params(o)},
                    new double[] {Quadratic.accuracy(s), -Quadratic.params(s)}));
            if (!dominated) {
                truth.add(List.of(Quadratic.accuracy(s), Quadratic.params(s)));
            }
        }
        assertEquals(17, truth.size());
        // 300 of 625 points: NSGA-II finds the exact front for most seeds, random search with the same budget never
        int nsgaExact = 0;
        int randomExact = 0;
        for (int seed = 0; seed < 10; seed++) {
            nsgaExact += front(Strategies.nsga2(new Nsga2.Options(24, 0.0, 1)), seed).equals(truth) ? 1 : 0;
            randomExact += front(Strategies.random(), seed).equals(truth) ? 1 : 0;
        }
        assertTrue(nsgaExact >= 6, "NSGA-II found the true front for " + nsgaExact + " of 10 seeds");
        assertEquals(0, randomExact);
    }

    private static Set<List<Double>> front(Strategy strategy, long seed) {
        SearchResult r = Search.of(Quadratic.SPACE).strategy(strategy).evaluator(new Quadratic())
                .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                .budget(Budget.trials(300)).seed(seed).baseline(Baseline.none()).run();
        Set<List<Double>> found = new HashSet<>();
        r.pareto().forEach(t -> found.add(List.of(t.metric("accuracy"), t.metric("params"))));
        return found;
    }

    @Test
    void nsga2RespectsAHardConstraint() {
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.nsga2()).evaluator(BENCH)
                .objectives(Objective.maximize("accuracy"), Objective.minimize("latency_ms_pixel3"))
                .constraints(Constraint.atMost("latency_ms_pixel3", 10))
                .budget(Budget.trials(200)).seed(2).baseline(Baseline.none()).run();
        assertTrue(r.pareto().size() >= 3, r.toString());
        assertTrue(r.pareto().stream().allMatch(t -> t.metric("latency_ms_pixel3") <= 10), r.toString());
        assertTrue(r.best().metric("latency_ms_pixel3") <= 10);
        // the search kept exploring inside the feasible region: most later trials are feasible
        long feasibleLate = r.trials().stream().skip(100).filter(t -> t.metric("latency_ms_pixel3") <= 10).count();
        assertTrue(feasibleLate > 50, "feasible among the last 100: " + feasibleLate);
    }

    @Test
    void successiveHalvingSpendsLessThanEvaluatingEveryCandidateFully() {
        var sh = Strategies.successiveHalving(new SuccessiveHalving.Options(27, 1.0 / 9, 3));
        SearchResult r = nb201(sh, 27 + 9 + 3, 4); // exactly one bracket
        long screened = r.trials().stream().filter(t -> t.fidelity() < 0.2).count();
        assertEquals(27, screened);
        assertEquals(9, r.trials().stream().filter(t -> Math.abs(t.fidelity() - 1.0 / 3) < 1e-9).count());
        assertEquals(3, r.trials().stream().filter(t -> t.fidelity() == 1.0).count());
        // each query is charged its own (FLOPs-based) cost times its fidelity
        assertEquals(r.trials().stream().mapToDouble(t -> BENCH.querySeconds(t.sample(), t.fidelity())).sum(),
                r.totalCostSeconds(), 1e-6);
        double full = r.trials().stream().filter(t -> t.fidelity() < 0.2)
                .mapToDouble(t -> BENCH.querySeconds(t.sample(), 1.0)).sum();
        assertTrue(r.totalCostSeconds() < full / 2, "all 27 at full fidelity: " + full);
        // the best 3 of the 27 (by the screening score) were promoted to full fidelity
        double thirdBest = r.trials().stream().filter(t -> t.fidelity() < 0.2).mapToDouble(t -> t.metric("accuracy"))
                .sorted().skip(24).findFirst().orElseThrow();
        assertTrue(r.trials().stream().filter(t -> t.fidelity() == 1.0).allMatch(t -> t.metric("accuracy")
                >= thirdBest));
        // one correlation per pair of fidelities; on this table the score is the same at every fidelity, so the
        // ranks agree exactly where enough samples were measured at both (9 promoted), and the pairs with only
        // the 3 finalists carry n but no estimate
        var pairs = r.fidelityCorrelations();
        assertEquals(3, pairs.size());
        assertEquals(9, pairs.get(0).result().n());
        assertEquals(1.0, pairs.get(0).result().kendall(), 1e-9);
        assertTrue(pairs.get(0).enough());
        assertEquals(3, pairs.get(1).result().n());
        assertFalse(pairs.get(1).enough());
        assertTrue(pairs.get(1).toString().contains("n=3 (fewer than 8 pairs: not estimated)"), pairs.get(1).toString());
        assertFalse(pairs.get(1).toString().contains("tau"), pairs.get(1).toString());
    }

    @Test
    void multiFidelityStrategiesKeepGoingOnceATinySpaceIsExhausted() {
        for (Strategy s : List.<Strategy>of(Strategies.successiveHalving(), Strategies.hyperband())) {
            SearchResult r = Search.of(LearningStrategiesTest.LETTERS).strategy(s)
                    .evaluator(LearningStrategiesTest.SHARE_OF_C).budget(Budget.trials(300)).seed(1)
                    .baseline(Baseline.none()).run();
            assertEquals(300, r.trials().size(), s.describe()); // 64 points: rungs repeat samples, still progress
            assertEquals(1.0, r.best().metric("accuracy"));
        }
    }

    @Test
    void hyperbandCyclesBracketsFromManyCheapToFewFull() {
        SearchResult r = nb201(Strategies.hyperband(), 200, 5);
        Set<Double> fidelities = new HashSet<>();
        r.trials().forEach(t -> fidelities.add(Math.round(t.fidelity() * 1e6) / 1e6));
        assertEquals(Set.of(0.037037, 0.111111, 0.333333, 1.0), fidelities);
        assertTrue(r.totalCostSeconds() < 200 * NasBench201.MEAN_QUERY_SECONDS / 2);
    }

    @Test
    void stateRestoresIntoAFreshStrategyThatThenProposesTheSame() throws Exception {
        var space = Spaces.nasBench201();
        for (Supplier<Strategy> make : List.<Supplier<Strategy>>of(Strategies::regularizedEvolution,
                Strategies::nsga2, Strategies::successiveHalving, Strategies::hyperband, Strategies::random,
                Strategies::reinforce, Strategies::predictor)) {
            Strategy a = make.get();
            a.start(new SearchContext(space, List.of(Objective.maximize("accuracy")), List.of(), new Random(1)));
            for (int i = 0; i < 45; i++) {
                Candidate c = a.ask(1).get(0);
                a.tell(Trial.ok(i, c, 0, BENCH.evaluate(space.freeze(c.sample()), c.fidelity(), 0).metrics(), 1));
            }
            // through JSON text, as a checkpoint file would
            var saved = org.jnas.util.Json.MAPPER.readTree(org.jnas.util.Json.write(a.state()));
            Strategy a2 = make.get();
            a2.start(new SearchContext(space, List.of(Objective.maximize("accuracy")), List.of(), new Random(5)));
            a2.restore(saved);
            Strategy b = make.get();
            b.start(new SearchContext(space, List.of(Objective.maximize("accuracy")), List.of(), new Random(5)));
            b.restore(saved);
            assertEquals(a.state(), b.state(), a.describe());
            assertEquals(a2.ask(1), b.ask(1), a.describe());
        }
    }

    @Test
    void invalidOptionsNameTheOptionAtFault() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RegularizedEvolution.Options(10, 11, 0, 1));
        assertTrue(e.getMessage().contains("sampleSize"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SuccessiveHalving.Options(9, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Hyperband.Options(0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Nsga2.Options(1, 0.5, 1));
    }
}
