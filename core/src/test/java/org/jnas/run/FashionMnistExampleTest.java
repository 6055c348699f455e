package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.space.Architecture;
import org.jnas.space.ChainArchitecture;
import org.junit.jupiter.api.Test;

class FashionMnistExampleTest {

    /**
     * A closed-form stand-in for training (the DJL evaluator lives on another branch): wider, deeper, bigger-kernel
     * chains score higher and cost more parameters, with diminishing returns.
     */
    static final class CapacityEvaluator implements Evaluator {
        @Override
        public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
            ChainArchitecture chain = (ChainArchitecture) architecture;
            double params = 0;
            int in = chain.stem();
            for (ChainArchitecture.Block b : chain.blocks()) {
                params += (double) in * b.width() * b.kernel() * b.kernel() * (b.op().equals("conv") ? 1 : 0.3);
                in = b.width();
            }
            double accuracy = 0.95 - 0.2 / Math.log(10 + params / 1000);
            return Evaluation.of(Map.of("accuracy", accuracy, "params", params), 1.0);
        }
    }

    @Test
    void runsEvolutionAndItsRandomBaselineAndSaysWhichWon() {
        var out = new ByteArrayOutputStream();
        SearchResult r = FashionMnistExample.run(new CapacityEvaluator(), Budget.costSeconds(40), 1,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertTrue(r.trials().size() == 40, r.summary());
        assertFalse(r.pareto().isEmpty());
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("random search's") && text.contains("Pareto front"), text);
        assertTrue(r.report().baseline().orElseThrow().evaluations() == 40);
    }
}
