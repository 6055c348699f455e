package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.CellSpace;
import org.jnas.stats.Comparison;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;

/** The quickstart's kind of search, shrunk: real training on Fashion-MNIST, with seed noise to show. */
class NoiseAwareReportOnRealTrainingTest {

    @Test
    void theReportGivesTheTestScoreOverKSeedsTheNoiseFloorAndAWelchVerdictAgainstTheBaseline() {
        var space = CellSpace.builder("tiny").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
        TrainingEvaluator evaluator = Evaluators.train(Datasets.fashionMnist())
                .network(new NetworkBuilder().channels(4).cellsPerStage(1)).epochs(1).batchSize(64)
                .trainLimit(1_000).validationLimit(500).devices(Device.cpu()).latency(null).build();
        SearchResult r = Search.of(space).strategy(Strategies.regularizedEvolution()).evaluator(evaluator)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(4)).seed(42)
                .finalEvaluation(FinalEvaluation.seeds(3)).run();
        for (Trial t : r.trials()) {
            assertEquals(Search.trialSeed(42, t.id()), t.seed());
        }
        Report report = r.report();
        var chosen = report.chosen().orElseThrow();
        assertEquals(3, chosen.runs().size());
        assertEquals(3, report.test().n());
        assertTrue(report.test().sd() > 0, "real training: the seeds disagree");
        NoiseFloor floor = report.noiseFloor().orElseThrow();
        assertEquals(3, floor.summary().n());
        assertTrue(floor.sd() > 0);
        BaselineResult base = report.baseline().orElseThrow();
        assertTrue(base.costSeconds() <= r.totalCostSeconds(), base + " vs " + r.summary());
        Comparison c = report.versusBaseline().orElseThrow();
        assertEquals(3, c.a().n());
        assertEquals(3, c.b().n());
        assertTrue(Double.isFinite(c.p()));
        String text = report.toString();
        assertTrue(text.contains("noise floor: accuracy of ") && text.contains("over 3 seeds"), text);
        assertTrue(text.contains("3 retrainings with seeds " + chosen.seeds()), text);
        assertTrue(text.contains("search vs random, test accuracy: difference") && text.contains("Welch p="), text);
        assertTrue(text.contains("(n=3 vs n=3)"), text);
        System.out.println(text);
    }
}
