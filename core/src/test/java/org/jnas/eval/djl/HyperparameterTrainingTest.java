package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Random;
import org.jnas.Jnas;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluators;
import org.jnas.eval.OptimizerSpec;
import org.jnas.eval.Recipe;
import org.jnas.space.Hyperparameters;
import org.jnas.space.TransformerSpace;
import org.jnas.space.TunedArchitecture;
import org.jnas.space.TunedSpace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Training choices searched with the architecture reach DJL's trainer, and a small ViT really learns. */
class HyperparameterTrainingTest {
    private static DataSplits fashion;

    @BeforeAll
    static void load() {
        fashion = Datasets.fashionMnist();
    }

    /** A one-architecture transformer space (patch 7, width 16, one layer) with training choices. */
    private static TunedSpace tinyVit(Hyperparameters hp) {
        return TransformerSpace.builder("tiny").patches(7).widths(16).depths(1).heads(2).mlpRatios(2.0).build()
                .withHyperparameters(hp);
    }

    private static TrainingEvaluator evaluator(int train) {
        return Evaluators.train(fashion).trainLimit(train).validationLimit(500).batchSize(64).devices(Device.cpu())
                .optimizer(OptimizerSpec.adam(1e-3)).latency(null).threads(1).build();
    }

    /** The learning rate DJL's optimizer object holds, read from its own tracker (DJL has no getter for it). */
    private static float rateInside(Optimizer optimizer) throws ReflectiveOperationException {
        Field f = optimizer.getClass().getDeclaredField("learningRateTracker");
        f.setAccessible(true);
        return ((ParameterTracker) f.get(optimizer)).getNewValue("any", 1);
    }

    @Test
    void aLearningRateChoiceChangesTheRateOfDjlsOptimizer() throws Exception {
        var space = tinyVit(Hyperparameters.builder().learningRates(1e-3, 5e-2).optimizers("adam", "sgd")
                .weightDecays(0.0, 1e-4).build());
        TrainingEvaluator eval = evaluator(1_000);
        for (double lr : List.of(1e-3, 5e-2)) {
            for (String opt : List.of("adam", "sgd")) {
                TunedArchitecture arch = space.freeze(space.sampleOf(lr, 1e-4, opt));
                Optimizer o = eval.optimizerFor(arch, 10);
                assertEquals(opt.equals("adam") ? ai.djl.training.optimizer.Adam.class
                        : ai.djl.training.optimizer.Sgd.class, o.getClass());
                assertEquals((float) lr, rateInside(o), 1e-9, opt + " lr " + lr);
            }
        }
        // no choice: the evaluator's own optimizer and rate
        var plain = TransformerSpace.builder("tiny").patches(7).widths(16).build();
        assertEquals(1e-3f, rateInside(eval.optimizerFor(plain.freeze(plain.sampleOf()), 10)), 1e-9);
        Recipe r = eval.recipeFor(space.freeze(space.sampleOf(5e-2, 1e-4, "sgd")));
        assertEquals(new OptimizerSpec.Sgd(5e-2, 0.9, 1e-4), r.optimizer());
    }

    @Test
    void batchEpochAndAugmentChoicesChangeTheRun() {
        var space = tinyVit(Hyperparameters.builder().batchSizes(32, 1_000_000).epochs(1, 2).augment(false, true)
                .build());
        TrainingEvaluator eval = evaluator(600);
        Evaluation twoEpochs = eval.evaluate(space.freeze(space.sampleOf(32, 2, false)), 1.0, 3);
        assertEquals(2.0, twoEpochs.metric("epochs"), 1e-9);
        assertEquals(1_200.0, twoEpochs.metric("train_images"));
        Evaluation plain = eval.evaluate(space.freeze(space.sampleOf(32, 1, false)), 1.0, 3);
        Evaluation augmented = eval.evaluate(space.freeze(space.sampleOf(32, 1, true)), 1.0, 3);
        assertNotEquals(plain.metric("train_loss"), augmented.metric("train_loss"));
        // seeded: augmentation draws the same flips and shifts again
        assertEquals(augmented.metric("train_loss"), eval.evaluate(space.freeze(space.sampleOf(32, 1, true)), 1.0, 3)
                .metric("train_loss"));
        var tooBig = assertThrows(IllegalArgumentException.class,
                () -> eval.evaluate(space.freeze(space.sampleOf(1_000_000, 1, false)), 1.0, 3));
        assertTrue(tooBig.getMessage().contains("'hp/batch'") && tooBig.getMessage().contains("600"),
                tooBig.getMessage());
        // a search refuses it before training anything
        var search = org.jnas.run.Search.of(space).strategy(org.jnas.strategy.Strategies.random()).evaluator(eval)
                .objectives(org.jnas.strategy.Objective.maximize("accuracy"))
                .budget(org.jnas.run.Budget.trials(2)).seed(1);
        long t0 = System.nanoTime();
        var early = assertThrows(IllegalArgumentException.class, search::run);
        assertTrue(early.getMessage().contains("'hp/batch'") && early.getMessage().contains("1000000"),
                early.getMessage());
        assertTrue((System.nanoTime() - t0) / 1e9 < 1, "refused before any training");
    }

    @Test
    void augmentationFlipsAndShiftsReproducibly() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 2 * 28 * 28).reshape(2, 1, 28, 28);
            NDArray a = Augmentation.apply(x, new Random(1));
            NDArray b = Augmentation.apply(x, new Random(1));
            assertEquals(new Shape(2, 1, 28, 28), a.getShape());
            assertEquals(a, b);
            assertNotEquals(x, a);
        }
    }

    @Test
    @Tag("slow")
    void aSmallVisionTransformerLearnsFashionMnistAndIsReproducible() {
        // patch 7 (16 tokens), width 32, two layers of 2 heads, MLP ratio 2: 19.6k parameters
        var space = TransformerSpace.builder("vit-test").patches(7).widths(32).depths(2).heads(2).mlpRatios(2.0)
                .build().withHyperparameters(Hyperparameters.builder().learningRates(3e-3).build());
        TrainingEvaluator eval = evaluator(4_000);
        var arch = space.freeze(space.sampleOf());
        Evaluation e = eval.evaluate(arch, 1.0, 11);
        // measured 0.64-0.67 here with 3,000-5,000 images (one epoch); chance is 0.10
        assertTrue(e.metric("accuracy") > 0.55, "accuracy " + e.metric("accuracy"));
        assertEquals(19_562.0, e.metric("params"));
        assertEquals(e.metric("accuracy"), eval.evaluate(arch, 1.0, 11).metric("accuracy"),
                "same seed, same thread count on CPU: same accuracy");
    }
}
