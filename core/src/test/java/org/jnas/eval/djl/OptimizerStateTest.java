package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/** DJL keeps an optimizer's state outside every manager; a finished run must free it (see TrialResourcesTest). */
class OptimizerStateTest {
    @Test
    void adamsMomentsAndSgdsMomentumAreFreedAndTheOptimizerStartsAfresh() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.ones(new Shape(4, 3));
            NDArray g = m.ones(new Shape(4, 3)).mul(0.5f);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(0.1f)).build();
            adam.update("w", w, g);
            adam.update("b", w, g);
            assertEquals(4, OptimizerState.release(adam), "two moments for each of two parameters");
            assertEquals(0, OptimizerState.release(adam), "nothing left after the first release");
            float before = w.getFloat(0, 0);
            adam.update("w", w, g); // fresh state again: Adam's first step moves each weight by about lr
            assertEquals(0.1, before - w.getFloat(0, 0), 1e-3);
            assertEquals(2, OptimizerState.release(adam));

            Optimizer sgd = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build();
            sgd.update("w", w, g);
            assertEquals(1, OptimizerState.release(sgd), "one momentum buffer");
            assertTrue(w.getManager().isOpen(), "the weights themselves are untouched");
        }
    }
}
