package org.jnas.baselines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.cli.ProxiesBench;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.FinalEvaluation;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.Spaces;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The winner against matched baselines: same seeds, same recipe, a verdict per baseline. */
class BaselineComparisonTest {

    private static TrainingEvaluator tiny() {
        var full = Datasets.fashionMnist();
        var data = DataSplits.of(full.name(), full.train().slice(0, 400), full.validation().slice(0, 100),
                full.test().slice(0, 200));
        return Evaluators.train(data).network(new NetworkBuilder().channels(8)).epochs(1).batchSize(50)
                .devices(Device.cpu()).latency(null).build();
    }

    @Test
    void aBaselineThatCannotBeMatchedIsRefusedBeforeAnyTraining() {
        var trained = new ArrayList<String>();
        var builder = BaselineComparison.builder(tiny(), HandDesignedTest.quickstartCell())
                .match(new CostMatch("params", 0.05)).baselines(HandDesigned.dartsV2(5)).log(trained::add);
        var e = assertThrows(IllegalArgumentException.class, builder::run);
        assertTrue(e.getMessage().contains("darts-v2-5cells cannot match params"), e.getMessage());
        assertTrue(trained.isEmpty(), "trained before refusing: " + trained);
    }

    /**
     * Issue 21: the baselines are trained "with the same recipe and seeds as the winner's final training". From a
     * search, the comparison trains with its evaluator (so its recipe) and the seeds of the report's final evaluation;
     * nothing else is trained to set it up. Two tiny trials per search (400 images each).
     */
    @Test
    void aSearchsComparisonTrainsWithTheSeedsOfItsFinalEvaluation() {
        TrainingEvaluator eval = tiny();
        SearchResult r = Search.of(ProxiesBench.QUICKSTART_SPACE).strategy(Strategies.random()).evaluator(eval)
                .budget(Budget.trials(2)).seed(5).baseline(Baseline.none()).finalEvaluation(FinalEvaluation.seeds(4))
                .run();
        var builder = r.againstHandDesigned();
        assertEquals(4, builder.seedsToTrain().length);
        assertArrayEquals(r.finalEvaluation().seedsFor(5, r.best()), builder.seedsToTrain(),
                "the seeds of the report's final training");
        // same weights is one training, too few for a verdict: the default number of seeds instead
        SearchResult same = Search.of(ProxiesBench.QUICKSTART_SPACE).strategy(Strategies.random()).evaluator(eval)
                .budget(Budget.trials(2)).seed(5).baseline(Baseline.none())
                .finalEvaluation(FinalEvaluation.sameWeights()).run();
        assertArrayEquals(FinalEvaluation.seeds(FinalEvaluation.DEFAULT_SEEDS).seedsFor(5, same.best()),
                same.againstHandDesigned().seedsToTrain());
        // a table lookup cannot train a hand-designed network: refused, naming what is needed
        SearchResult table = Search.of(Spaces.nasBench201()).strategy(Strategies.random())
                .evaluator(NasBench201.load()).budget(Budget.trials(3)).seed(5).baseline(Baseline.none()).run();
        var e = assertThrows(IllegalStateException.class, table::againstHandDesigned);
        assertTrue(e.getMessage().contains("TrainingEvaluator"), e.getMessage());
    }

    @Test
    @Tag("slow")
    void winnerAndBaselinesShareSeedsAndRecipeAndGetAVerdict() {
        TrainingEvaluator eval = tiny();
        var log = new ArrayList<String>();
        var cmp = BaselineComparison.builder(eval, HandDesignedTest.quickstartCell()).winnerLabel("cell")
                .match(new CostMatch("params", 0.15))
                .baselines(HandDesigned.resNet(1), HandDesigned.mobileNetV2(1)).seeds(1, 2).log(log::add).run();
        System.out.println(cmp);
        assertEquals(3, cmp.rows().size());
        assertEquals(6, log.size()); // 3 networks x 2 seeds, one training each (validation and test share weights)
        assertEquals(eval.recipe(), cmp.recipe());
        double target = cmp.winner().costs().get("params");
        for (var row : cmp.rows()) {
            assertEquals(List.of(1L, 2L), row.runs().seeds());
            assertEquals(2, row.runs().test("accuracy").n());
            assertTrue(Math.abs(row.costs().get("params") / target - 1) <= 0.15, row.label());
        }
        for (var row : cmp.baselines()) {
            assertFalse(Double.isNaN(row.vsWinner().p()), row.label());
            assertTrue(row.runs().architecture() instanceof ChainArchitecture);
        }
        String text = cmp.toString();
        assertTrue(text.contains("Welch p=") && text.contains("seeds [1, 2]") && text.contains(eval.recipe().toString()),
                text);
        assertTrue(((String) cmp.mimeBundle().get("text/html")).contains("<table"));
    }
}
