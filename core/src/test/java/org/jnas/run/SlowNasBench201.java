package org.jnas.run;

import java.util.Optional;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.space.Architecture;

/**
 * NAS-Bench-201 answering after a pause, so that a test can stop a search midway; optionally failing for
 * architectures whose first edge is {@code none} (as a diverging training would), to test failure handling.
 */
final class SlowNasBench201 implements Evaluator {
    private final NasBench201 bench = NasBench201.load();
    private final long delayMillis;
    private final boolean failOnNone;

    SlowNasBench201(long delayMillis, boolean failOnNone) {
        this.delayMillis = delayMillis;
        this.failOnNone = failOnNone;
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EvaluationFailedException("interrupted", e);
            }
        }
        if (failOnNone && architecture.sample().getString("0->1").equals("none")) {
            throw new EvaluationFailedException("loss is NaN at epoch 3");
        }
        return bench.evaluate(architecture, fidelity, seed);
    }

    @Override
    public Optional<Evaluation> test(Architecture architecture, long seed) {
        return bench.test(architecture, seed);
    }

    @Override
    public String describe() {
        return bench.describe() + (failOnNone ? " failing on none" : "");
    }
}
