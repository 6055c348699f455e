package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.space.Architecture;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds on record, a fair baseline, a final evaluation over k seeds: on NAS-Bench-201, in milliseconds. */
class NoiseAwareSearchTest {
    static final NasBench201 BENCH = SearchTest.BENCH;

    /** NAS-Bench-201 charging each query in proportion to the architecture's parameters, as real training would. */
    static final class SizeCostBench implements Evaluator {
        @Override
        public Evaluation evaluate(Architecture a, double fidelity, long seed) {
            Evaluation e = BENCH.evaluate(a, fidelity, seed);
            return Evaluation.of(e.metrics(), fidelity * (20 + e.metric("params") / 10_000));
        }

        @Override
        public Optional<Evaluation> test(Architecture a, long seed) {
            return BENCH.test(a, seed);
        }
    }

    static Search evolution(Evaluator evaluator, int trials, long seed) {
        return Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution()).evaluator(evaluator)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(trials)).seed(seed);
    }

    @Test
    void everyTrialRecordsTheSeedItWasEvaluatedWithAndOldJournalsWithoutSeedsStillLoad(@TempDir Path dir)
            throws Exception {
        Path journal = dir.resolve("j.jsonl");
        SearchResult r = evolution(BENCH, 20, 5).baseline(Baseline.none()).journal(journal).run();
        for (Trial t : r.trials()) {
            assertEquals(Search.trialSeed(5, t.id()), t.seed());
        }
        assertEquals(20, r.history().stringColumn("seed").unique().size(), "the history shows each trial's seed");
        // a journal written before trials had seeds: drop the field from every line, then resume and extend it
        List<String> lines = Files.readAllLines(journal);
        List<String> old = new java.util.ArrayList<>(List.of(lines.get(0))); // the header keeps the search's seed
        lines.subList(1, lines.size()).forEach(l -> old.add(l.replaceAll(",\"seed\":-?\\d+", "")));
        assertFalse(String.join("\n", old.subList(1, old.size())).contains("\"seed\""));
        Files.write(journal, old);
        SearchResult resumed = evolution(BENCH, 30, 5).baseline(Baseline.none()).journal(journal).run();
        assertEquals(evolution(BENCH, 30, 5).baseline(Baseline.none()).run().trials(), resumed.trials(),
                "old trials get back exactly the seed they were evaluated with");
    }

    @Test
    void theRandomBaselineNeverCostsMoreThanTheSearch() {
        int discardedSomewhere = 0;
        int plainOvershoots = 0;
        for (long seed = 0; seed < 6; seed++) {
            SearchResult r = evolution(new SizeCostBench(), 25, seed).finalEvaluation(FinalEvaluation.sameWeights())
                    .run();
            BaselineResult b = r.baseline().orElseThrow();
            assertTrue(b.costSeconds() <= r.totalCostSeconds() + 1e-9, seed + ": " + b + " vs " + r.summary());
            assertEquals(b.evaluations(), b.trials().size());
            assertEquals(b.costSeconds(), b.trials().stream().mapToDouble(Trial::costSeconds).sum(), 1e-9);
            discardedSomewhere += b.discarded();
            // what a plain cost budget gives random search with the same stream: it overshoots by its last trial
            SearchResult plain = Search.of(Spaces.nasBench201()).strategy(Strategies.random())
                    .evaluator(new SizeCostBench()).budget(Budget.costSeconds(r.totalCostSeconds()))
                    .seed(RandomBaseline.streamSeed(seed)).run();
            plainOvershoots += plain.totalCostSeconds() > r.totalCostSeconds() + 1e-9 ? 1 : 0;
            assertEquals(plain.trials().subList(0, b.evaluations()), b.trials());
        }
        assertTrue(plainOvershoots > 0 && discardedSomewhere > 0, "the cap mattered in these runs: "
                + plainOvershoots + " overshoots without it");
        // equal costs: the baseline gets exactly as many trials (NAS-Bench-201 charges by FLOPs, so fix the cost)
        Evaluator flat = new Evaluator() {
            @Override
            public Evaluation evaluate(Architecture a, double fidelity, long seed) {
                return Evaluation.of(BENCH.evaluate(a, fidelity, seed).metrics(), 100 * fidelity);
            }
        };
        SearchResult same = evolution(flat, 40, 1).run();
        assertEquals(40, same.baseline().orElseThrow().evaluations());
        assertEquals(0, same.baseline().orElseThrow().discarded());
    }

    @Test
    void theRandomBaselineDrawsFromItsOwnStreamNotTheStrategys() {
        long seed = 3;
        SearchResult evo = evolution(BENCH, 30, seed).finalEvaluation(FinalEvaluation.sameWeights()).run();
        List<Sample> evoFirst = evo.trials().subList(0, 10).stream().map(Trial::sample).toList();
        // the flaw this guards against: random search with the search's own seed starts with evolution's
        // random initial population, so both would share its luck
        List<Sample> sameSeedRandom = Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(BENCH)
                .budget(Budget.trials(10)).seed(seed).run().trials().stream().map(Trial::sample).toList();
        assertEquals(evoFirst, sameSeedRandom);
        BaselineResult b = evo.baseline().orElseThrow();
        assertNotEquals(seed, b.seed());
        assertEquals(RandomBaseline.streamSeed(seed), b.seed());
        List<Sample> baseFirst = b.trials().subList(0, 10).stream().map(Trial::sample).toList();
        assertNotEquals(evoFirst, baseFirst);
        assertTrue(baseFirst.stream().filter(evoFirst::contains).count() <= 1, "independent draws from 15,625");
        assertTrue(b.source().contains("own seed " + b.seed()), b.source());
        for (long s = -3; s < 100; s++) {
            assertNotEquals(s, RandomBaseline.streamSeed(s), "seed " + s + " must not give the search's own stream");
        }
    }

    @Test
    void theReportMeasuresBothPicksOverKSeedsAndComparesThemByTest() {
        SearchResult r = evolution(BENCH, 50, 9).finalEvaluation(FinalEvaluation.seeds(4)).run();
        Report report = r.report();
        var chosen = report.chosen().orElseThrow();
        assertEquals(4, chosen.runs().size());
        assertEquals(chosen.seeds(), report.baselinePick().orElseThrow().seeds(), "both picks: the same seeds");
        assertEquals(4, report.test().n());
        assertEquals(BENCH.testAccuracy(r.best().sample()), report.testValue(), 1e-12);
        assertEquals(0.0, report.test().sd(), 0.0);
        assertTrue(report.versusBaseline().isPresent());
        // 4 trainings of each pick, each charged its architecture's own estimated training time
        double expected = 4 * (BENCH.querySeconds(chosen.architecture().sample(), 1.0)
                + BENCH.querySeconds(report.baselinePick().orElseThrow().architecture().sample(), 1.0));
        assertEquals(expected, report.finalCostSeconds(), 1e-9);
        String text = report.toString();
        assertTrue(text.contains("4 retrainings with seeds " + chosen.seeds()), text);
        assertTrue(text.contains("no seed noise"), text);
        assertTrue(text.contains("its pick's test accuracy, measured the same way"), text);
        assertTrue(text.contains(", seed " + r.best().seed()), text);
        // the same-weights alternative: one training with the chosen trial's own seed, and it says so
        Report same = evolution(BENCH, 50, 9).finalEvaluation(FinalEvaluation.sameWeights()).run().report();
        assertEquals(List.of(r.best().seed()), same.chosen().orElseThrow().seeds());
        assertTrue(same.toString().contains("on the weights that scored validation"), same.toString());
        assertTrue(same.toString().contains("not testable (n=1 vs n=1"), same.toString());
        assertThrows(IllegalArgumentException.class, () -> FinalEvaluation.seeds(1));
        assertThrows(IllegalArgumentException.class, () -> new FinalEvaluation(0));
    }

    /**
     * A table lookup has no seed noise, so the report must not run a Welch test against zero spread: notebook 05's
     * first report (this search) printed "Welch p=4.28e-27 ... beyond noise" because the baseline pick's three
     * identical test values had a rounding-error sd of 1e-16.
     */
    @Test
    void aNoiselessEvaluatorsPicksAreComparedWithoutAWelchTest() {
        Report report = Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution()).evaluator(BENCH)
                .budget(Budget.trials(100)).seed(0).run().report();
        String text = report.toString();
        assertEquals(0.0, report.test().sd(), 0.0);
        assertEquals(0.0, report.baselinePick().orElseThrow().test("accuracy").sd(), 0.0, text);
        assertTrue(text.contains("no seed noise to test against"), text);
        assertFalse(text.contains("Welch p="), text);
    }

    /** NoiseFloor.measure, as notebook 05 calls it: the seeds it names are the ones evaluated; one seed is refused. */
    @Test
    void aNoiseFloorIsMeasuredWithTheSeedsItNamesAndNeedsTwoOrMore() {
        var space = Spaces.nasBench201();
        var arch = space.freeze(space.fromArchString(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        NoiseFloor floor = NoiseFloor.measure(BENCH, arch, "accuracy", 7, 3);
        assertEquals(List.of(7L, 8L, 9L), floor.seeds());
        assertEquals(3, floor.summary().n());
        assertEquals(BENCH.evaluate(arch, 1.0, 7).metric("accuracy"), floor.summary().mean(), 1e-12);
        assertEquals(0.0, floor.sd(), 0.0, "a table lookup has no seed noise");
        assertTrue(floor.toString().contains("no seed noise"), floor.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> NoiseFloor.measure(BENCH, arch, "accuracy", 0, 1));
        assertTrue(e.getMessage().contains("at least 2 seeds"), e.getMessage());
    }

    @Test
    void noiseFloorThresholdIsTheDifferenceTwoSingleSeedScoresMustExceed() {
        double[] v = {0.70, 0.72, 0.74, 0.76, 0.78};
        var nf = new NoiseFloor("accuracy", "a", List.of(1L, 2L, 3L, 4L, 5L), v, org.jnas.stats.Summary.of(v));
        // sd = sqrt(0.001) = 0.0316228; 1.96 * sqrt(2) * sd = 0.0876539 (numpy: 1.96*np.sqrt(2)*np.std(v, ddof=1))
        assertEquals(0.0316228, nf.sd(), 1e-7);
        assertEquals(0.0876539, nf.threshold(), 1e-7);
        assertTrue(nf.separates(0.09));
        assertFalse(nf.separates(0.08));
        assertTrue(nf.toString().contains("cannot be told apart"), nf.toString());
    }
}
