package org.jnas.strategy;

import org.jnas.stats.RankCorrelation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.space.Architecture;
import org.jnas.space.Choice;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LearningStrategiesTest {
    static final NasBench201 BENCH = NasBench201.load();

    /** Known problem: the score is the share of choices set to "c"; the best sample is all "c". */
    static final ChoiceSpace LETTERS = ChoiceSpace.of("letters", Choice.of("a", "a", "b", "c", "d"),
            Choice.of("b", "a", "b", "c", "d"), Choice.of("c", "a", "b", "c", "d"));

    static final Evaluator SHARE_OF_C = new Evaluator() {
        @Override
        public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
            long hits = architecture.sample().values().values().stream().filter("c"::equals).count();
            return Evaluation.of(Map.of("accuracy", hits / 3.0), 1);
        }
    };

    /**
     * The update of the NAS-Bench-201 reference, by hand: the first reward only sets the EMA baseline (advantage
     * 0); the second, 0.3 higher, has advantage {@code 0.3 * 0.09 / 0.19} against the bias-corrected baseline
     * {@code (0.09 r1 + 0.1 r2) / 0.19}, and Adam's second step moves each logit by {@code lr * (0.1 / 0.19) /
     * sqrt(0.001 / 0.001999)} = {@code 0.7441 lr}: up for the option taken, down for the others.
     */
    @Test
    void reinforceTakesTheReferencesAdamStepAgainstTheBiasCorrectedEmaBaseline() {
        Reinforce controller = Strategies.reinforce();
        controller.start(new SearchContext(LETTERS, List.of(Objective.maximize("accuracy")), List.of(),
                new Random(0)));
        Sample first = LETTERS.sampleOf("a", "b", "c");
        Sample second = LETTERS.sampleOf("c", "c", "c");
        controller.tell(Trial.ok(0, Candidate.of(first), 0, Map.of("accuracy", 0.5), 1));
        assertEquals(0.5, controller.baseline(), 1e-12);
        for (String label : List.of("a", "b", "c")) {
            for (double p : controller.probabilities(label)) {
                assertEquals(0.25, p, 1e-12, "no advantage on the first reward: the policy stays uniform");
            }
        }
        controller.tell(Trial.ok(1, Candidate.of(second), 1, Map.of("accuracy", 0.8), 1));
        assertEquals((0.09 * 0.5 + 0.1 * 0.8) / 0.19, controller.baseline(), 1e-12);
        double step = 0.01 * (0.1 / 0.19) / Math.sqrt(0.001 / (1 - 0.999 * 0.999));
        double[] p = controller.probabilities("a");
        // logits (3 step, -step, -step, -step) over (a, b, c, d) ... with c the option taken: c up, the rest down
        double up = Math.exp(step);
        double down = Math.exp(-step);
        assertEquals(up / (up + 3 * down), p[2], 1e-9);
        assertEquals(down / (up + 3 * down), p[0], 1e-9);
        assertTrue(controller.describe().startsWith("reinforce(adam learningRate=0.01, emaMomentum=0.9"),
                controller.describe());
        assertTrue(Strategies.reinforce(new Reinforce.Options(0.01, 0.9, 0.01, 1, false)).describe()
                .startsWith("reinforce-variant("), "an entropy bonus is not the reference algorithm");
    }

    @Test
    void reinforcePolicyConcentratesOnTheBestChoiceOfAKnownProblem() {
        // a learning rate from NAS-Bench-201's grid (0.01 ... 0.5) that learns within a short test
        Reinforce controller = Strategies.reinforce(Reinforce.Options.defaults().withLearningRate(0.2));
        Search.of(LETTERS).strategy(controller).evaluator(SHARE_OF_C).budget(Budget.trials(150)).seed(3)
                .baseline(Baseline.none()).run();
        for (String label : List.of("a", "b", "c")) {
            double[] p = controller.probabilities(label);
            assertTrue(p[2] > 0.9, label + " " + java.util.Arrays.toString(p));
        }
        assertEquals(LETTERS.sampleOf("c", "c", "c"), controller.mode());
    }

    @Test
    void autoregressiveControllerLearnsThatEachChoiceShouldRepeatThePreviousOne() {
        Evaluator samePairs = new Evaluator() {
            @Override
            public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
                Sample s = architecture.sample();
                int pairs = (s.get("a").equals(s.get("b")) ? 1 : 0) + (s.get("b").equals(s.get("c")) ? 1 : 0);
                return Evaluation.of(Map.of("accuracy", pairs / 2.0), 1);
            }
        };
        Reinforce controller = Strategies.reinforce(new Reinforce.Options(0.2, 0.9, 0.0, 1.0, true));
        SearchResult r = Search.of(LETTERS).strategy(controller).evaluator(samePairs).budget(Budget.trials(200))
                .seed(2).baseline(Baseline.none()).run();
        Sample mode = controller.mode();
        assertEquals(mode.get("a"), mode.get("b"));
        assertEquals(mode.get("b"), mode.get("c"));
        int letter = LETTERS.choice("b").indexOf(mode.get("b"));
        assertTrue(controller.probabilities("c", letter)[letter] > 0.8);
        assertTrue(controller.describe().contains("autoregressive")
                && controller.describe().startsWith("reinforce-variant("), controller.describe());
        assertEquals(1.0, r.best().metric("accuracy"));
    }

    @Test
    void reinforceRefusesChoicesItCannotModel() {
        var wide = ChoiceSpace.of("lr", new Choice("lr", IntStream.range(0, 1000).boxed().map(i -> (Object) i)
                .toList()));
        var e = assertThrows(IllegalArgumentException.class, () -> Search.of(wide).strategy(Strategies.reinforce())
                .evaluator(SHARE_OF_C).budget(Budget.trials(3)).run());
        assertTrue(e.getMessage().contains("'lr'") && e.getMessage().contains("1000 options"), e.getMessage());
    }

    @Test
    void pathEncodingOfNasBench201HasTheBananasSize() {
        Encoding enc = Encoding.oneHotAndPaths(Spaces.nasBench201());
        assertEquals(30 + 4 + 16 + 64, enc.size());
        Sample allConv = Spaces.nasBench201().sampleOf("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3",
                "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3");
        double[] x = enc.encode(allConv);
        // 4 paths, all of conv3x3, one per length 1, two of length 2 (same feature), one of length 3: 3 features
        assertEquals(6 + 3, java.util.Arrays.stream(x).sum(), 1e-9);
        Sample allNone = Spaces.nasBench201().sampleOf("none", "none", "none", "none", "none", "none");
        assertEquals(6, java.util.Arrays.stream(enc.encode(allNone)).sum(), 1e-9);
    }

    @Test
    void surrogateRankCorrelationOnNasBench201IsClearlyPositiveAfterSomeDozensOfTrials() {
        var space = Spaces.nasBench201();
        Random rng = new Random(0);
        List<Sample> train = new ArrayList<>();
        while (train.size() < 50) {
            train.add(space.sample(rng));
        }
        double[] y = train.stream().mapToDouble(this::accuracy).toArray();
        List<Sample> heldOut = BENCH.allSamples().subList(0, 2000);
        for (Encoding enc : List.of(Encoding.oneHot(space), Encoding.oneHotAndPaths(space),
                Encoding.withPairs(space))) {
            Surrogate s = new Surrogate(enc, 5, 10.0);
            s.fit(train, y, new Random(1));
            double tau = RankCorrelation.kendallTau(heldOut.stream().mapToDouble(a -> s.predict(a).mean()).toArray(),
                    heldOut.stream().mapToDouble(this::accuracy).toArray());
            assertTrue(tau > 0.3, enc + " tau " + tau); // measured 0.36 one-hot, 0.40 with paths, 0.39 with pairs
        }
    }

    private double accuracy(Sample s) {
        return BENCH.evaluate(Spaces.nasBench201().freeze(s), 1, 0).metric("accuracy");
    }

    @Test
    void predictorSearchReportsItsHeldOutRankCorrelationAsItGoes() {
        PredictorSearch predictor = Strategies.predictor();
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(predictor).evaluator(BENCH)
                .budget(Budget.trials(100)).seed(4).baseline(Baseline.none()).run();
        assertEquals(80.0, r.diagnostics().get("predictor_held_out"));
        double tau = r.diagnostics().get("predictor_tau");
        assertTrue(tau > 0.1, "held-out tau among the candidates it chose: " + tau);
        assertTrue(r.report().toString().contains("predictor_tau="), r.report().toString());
    }

    @Test
    void learningStrategiesResumeFromTheirJournalExactly(@TempDir Path dir) {
        for (String name : List.of("reinforce", "predictor")) {
            Path journal = dir.resolve(name + ".jsonl");
            run(name, 40, journal);
            assertEquals(run(name, 70, null).trials(), run(name, 70, journal).trials(), name);
        }
    }

    private static SearchResult run(String strategy, int budget, Path journal) {
        Search s = Search.of(Spaces.nasBench201()).strategy(Strategies.named(strategy, null)).evaluator(BENCH)
                .budget(Budget.trials(budget)).seed(6).baseline(Baseline.none());
        return (journal == null ? s : s.journal(journal)).run();
    }

    @Test
    void bothBeatRandomSearchInMeanOnNasBench201() {
        double random = StrategiesTest.meanTestAccuracy(Strategies::random, 100, 40);
        double reinforce = StrategiesTest.meanTestAccuracy(Strategies::reinforce, 100, 40);
        double predictor = StrategiesTest.meanTestAccuracy(Strategies::predictor, 100, 40);
        assertTrue(reinforce > random && predictor > random,
                "random " + random + " reinforce " + reinforce + " predictor " + predictor);
    }
}
