package org.jnas.run;

import java.io.PrintStream;
import java.util.Locale;
import org.jnas.eval.Evaluator;
import org.jnas.space.Spaces;
import org.jnas.strategy.Nsga2;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;

/**
 * The Fashion-MNIST example of issue 3: multi-objective evolution (NSGA-II) over {@link Spaces#mobile()}, accuracy
 * vs parameters, with whatever training evaluator you pass (DJL training on Fashion-MNIST for the real thing), then
 * random search with the same cost on the same evaluator, and an honest verdict comparing the two.
 *
 * <pre>{@code
 * SearchResult r = FashionMnistExample.run(trainingEvaluator, Budget.costSeconds(240), 42, System.out);
 * }</pre>
 */
public final class FashionMnistExample {
    private FashionMnistExample() {
    }

    /** Runs the search and its random baseline; prints progress, the front, the report and the verdict. */
    public static SearchResult run(Evaluator evaluator, Budget budget, long seed, PrintStream out) {
        SearchResult result = Search.of(Spaces.mobile())
                .strategy(Strategies.nsga2(new Nsga2.Options(8, 0.5, 1.0)))
                .evaluator(evaluator)
                .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                .budget(budget).seed(seed).baseline(Baseline.run())
                .listener(SearchListener.logLines(out))
                .run();
        out.println(result);
        out.println(result.report());
        out.println(verdict(result));
        return result;
    }

    /** Whether the front's best accuracy beats random search's best at the same budget, and by how much. */
    public static String verdict(SearchResult result) {
        Report r = result.report();
        if (r.baseline().isEmpty() || r.best().isEmpty()) {
            return "no verdict: " + (r.best().isEmpty() ? "no successful trial" : "no random baseline measured");
        }
        double diff = r.bestValue() - r.baseline().get().bestValue();
        return String.format(Locale.ROOT, "evolution's best accuracy %.4f %s random search's %.4f by %.4f"
                        + " (%d vs %d evaluations, same cost budget)", r.bestValue(),
                diff > 0 ? "beats" : diff == 0 ? "ties" : "does NOT beat", r.baseline().get().bestValue(),
                Math.abs(diff), r.evaluations(), r.baseline().get().evaluations());
    }
}
