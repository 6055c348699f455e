package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluators;
import org.jnas.eval.djl.Threads;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;

/**
 * What a user checks when a search's numbers look odd: training a trial's architecture again with the trial's seed,
 * on their own thread, gives the trial's numbers. It needs the trial to run at the thread count asked for: a search's
 * trial with the default count ({@code threads} 0) uses libtorch's default (2 threads on CI's 2 cores), its share of
 * it with several workers. Before, worker threads started at whatever count was set last anywhere in the JVM (the
 * convolution check's 1), so a default search trained on one core and its trials did not match.
 */
class TrialThreadsTest {

    private static TrainingEvaluator.Builder small() {
        return Evaluators.train(Datasets.fashionMnist()).trainLimit(640).validationLimit(200).batchSize(64)
                .latency(null).devices(Device.cpu());
    }

    private static Trial firstTrial(TrainingEvaluator eval, SearchSpace space, int workers) {
        return Search.of(space).strategy(Strategies.random()).evaluator(eval)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(workers)).seed(5).workers(workers)
                .baseline(Baseline.none()).run().trials().stream().filter(t -> t.id() == 0).findFirst().orElseThrow();
    }

    @Test
    void aSearchTrialGivesTheNumbersOfTheSameTrainingRepeatedOnTheCallersThread() {
        SearchSpace space = Spaces.nasBench201();
        TrainingEvaluator byDefault = small().build();
        Trial one = firstTrial(byDefault, space, 1);
        Evaluation again = byDefault.evaluate(space.freeze(one.sample()), one.fidelity(), one.seed());
        assertEquals(again.metric("train_loss"), one.metrics().get("train_loss"), "one worker: libtorch's default");
        assertEquals(again.metric("accuracy"), one.metrics().get("accuracy"));
        if (Threads.libtorchDefault() >= 2) {
            // two workers share the 2 cores: each trial trains on 1 thread, as threads(1) does
            Trial shared = firstTrial(byDefault, space, 2);
            assertEquals(one.sample(), shared.sample());
            Evaluation onOne = small().threads(1).build().evaluate(space.freeze(shared.sample()), shared.fidelity(),
                    shared.seed());
            assertEquals(onOne.metric("train_loss"), shared.metrics().get("train_loss"), "two workers: 1 thread each");
            // and the thread count shows in the numbers, so the two checks above can tell the counts apart
            assertNotEquals(again.metric("train_loss"), onOne.metric("train_loss"));
        }
    }
}
