package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.function.Supplier;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.Hyperparameters;
import org.jnas.space.TransformerSpace;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Strategy;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Every strategy searches a transformer space's architecture and training choices together, with real training. */
class JointHyperparameterSearchTest {

    @Test
    @Tag("slow")
    void everyStrategySearchesArchitectureAndHyperparametersTogether() {
        var space = TransformerSpace.builder("vit-tiny").patches(7).widths(8, 16).depths(1, 2).heads(1, 2)
                .build().withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 1e-2)
                        .batchSizes(32, 64).augment(false, true).build());
        TrainingEvaluator eval = Evaluators.train(Datasets.fashionMnist()).trainLimit(256).validationLimit(128)
                .devices(Device.cpu()).latency(null).threads(1).build();
        List<Supplier<Strategy>> all = List.of(Strategies::random, Strategies::regularizedEvolution,
                Strategies::nsga2, Strategies::successiveHalving, Strategies::hyperband, Strategies::reinforce,
                Strategies::predictor);
        for (Supplier<Strategy> make : all) {
            SearchResult r = Search.of(space).strategy(make.get()).evaluator(eval)
                    .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                    .budget(Budget.trials(6)).seed(5).baseline(Baseline.none())
                    .finalEvaluation(FinalEvaluation.sameWeights()).run();
            String who = make.get().describe();
            assertEquals(6, r.trials().size(), who);
            assertTrue(r.trials().stream().allMatch(Trial::ok), who);
            Table history = r.history();
            for (String hp : List.of("hp/lr", "hp/batch", "hp/augment")) {
                assertTrue(history.columnNames().contains(hp), who + " history lacks " + hp + ": "
                        + history.columnNames());
                for (int i = 0; i < history.rowCount(); i++) {
                    assertEquals(String.valueOf(r.trials().get(i).sample().get(hp)), history.getString(i, hp));
                }
            }
            assertTrue(r.report().toString().contains("trained with (searched): lr "), who);
        }
    }
}
