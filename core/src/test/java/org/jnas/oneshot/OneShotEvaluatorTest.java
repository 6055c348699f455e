package org.jnas.oneshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Random;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.CellSpace;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator on real Fashion-MNIST, with budgets small enough for a shared 2-core machine. */
class OneShotEvaluatorTest {
    private static DataSplits fashion;
    private static CellSpace space;

    @BeforeAll
    static void load() {
        fashion = Datasets.fashionMnist();
        space = OneShotSupernetTest.quickstart();
    }

    /** 1,024 training images, one epoch, 4 channels, a high learning rate: a supernet in a few seconds. */
    private static OneShotEvaluator.Builder tiny(long seed) {
        return Evaluators.oneShot(space, fashion).channels(4).epochs(1).batchSize(32).trainLimit(1024)
                .optimizer(org.jnas.eval.OptimizerSpec.adam(0.01))
                .validationLimit(200).recalibrationBatches(2).seed(seed).device(Device.cpu());
    }

    @Test
    void seededSupernetTrainingIsReproducibleAndScoresDoNotDependOnOrder() {
        // same seed, CPU, same thread count: the same training losses and the same scores, in any scoring order
        var a = space.freeze(space.sampleOf("nor_conv_3x3", "skip_connect", "nor_conv_3x3"));
        var b = space.freeze(space.sampleOf("avg_pool_3x3", "nor_conv_1x1", "skip_connect"));
        try (var first = tiny(5).build(); var second = tiny(5).build()) {
            var t1 = first.train();
            var t2 = second.train();
            assertEquals(t1.epochLoss(), t2.epochLoss(), "training loss of two runs with seed 5");
            assertEquals(32, t1.steps(), "1,024 images / batch 32");
            double a1 = first.evaluate(a, 1, 0).metric("accuracy");
            double b1 = first.evaluate(b, 1, 0).metric("accuracy");
            double b2 = second.evaluate(b, 1, 99).metric("accuracy");
            double a2 = second.evaluate(a, 1, 99).metric("accuracy");
            assertEquals(a1, a2, 0, "score of " + a.sample() + " whatever the order and trial seed");
            assertEquals(b1, b2, 0);
            assertTrue(Math.max(a1, b1) > 0.25, "the supernet learned something: " + a1 + ", " + b1 + " on 10 classes");
            assertTrue(first.setupCostSeconds() > 0);
            assertTrue(first.evaluate(a, 1, 0).metrics().containsKey("params"));
        }
    }

    @Test
    void everyStrategyRunsOnTheOneShotEvaluatorAndTheSearchChargesTheSupernetOnce() {
        try (var oneShot = tiny(1).build()) {
            for (String name : Strategies.names()) {
                var result = Search.of(space).strategy(Strategies.named(name, null)).evaluator(oneShot)
                        .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                        .budget(Budget.trials(10)).seed(3).run();
                assertTrue(result.trials().stream().allMatch(t -> t.ok()), name + ": " + result.summary());
                double trials = result.trials().stream().mapToDouble(t -> t.costSeconds()).sum();
                assertEquals(trials + oneShot.setupCostSeconds(), result.totalCostSeconds(), 1e-9, name);
                assertTrue(result.report().toString().contains("charged once"), result.report().toString());
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeTraining() {
        var memory = assertThrows(OneShotMemoryException.class, () -> tiny(1).memoryLimitMb(1).build().train());
        assertTrue(memory.getMessage().contains("batchSize(32)") && memory.getMessage().contains("channels(4)"),
                memory.getMessage());
        var darts = org.jnas.space.Spaces.darts();
        var fair = assertThrows(IllegalArgumentException.class,
                () -> Evaluators.oneShot(darts, fashion).sampling(PathSampling.FAIR).build());
        assertTrue(fair.getMessage().contains("UNIFORM"), fair.getMessage());
        try (var oneShot = tiny(1).build()) {
            var nb201 = org.jnas.space.Spaces.nasBench201();
            var foreign = nb201.freeze(nb201.sample(new Random(4)));
            var e = assertThrows(IllegalArgumentException.class, () -> oneShot.evaluate(foreign, 1, 0));
            assertTrue(e.getMessage().contains(foreign.sample().toString()), e.getMessage());
        }
    }
}
