package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.RegularizedEvolution;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;

/** The seam "where trials run": the slot count, not completion order or the executor, fixes a seed's trajectory. */
class TrialExecutorTest {
    static final NasBench201 BENCH = SearchTest.BENCH;

    private static SearchResult evolve(TrialExecutor executor) {
        return Search.of(Spaces.nasBench201())
                .strategy(Strategies.regularizedEvolution(new RegularizedEvolution.Options(5, 3, 0.0, 1.0)))
                .evaluator(BENCH).objectives(Objective.maximize("accuracy")).budget(Budget.trials(30)).seed(7)
                .baseline(Baseline.none()).executor(executor).run();
    }

    /** Finishes trials in a scrambled order (odd ids late) on its own threads, as a cluster might. */
    private static final class Scrambled implements TrialExecutor {
        final AtomicInteger submitted = new AtomicInteger();

        @Override
        public int slots() {
            return 3;
        }

        @Override
        public CompletableFuture<Trial> submit(TrialTask task) {
            submitted.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(task.id() % 2 == 1 ? 30 : 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return task.evaluateHere();
            });
        }
    }

    @Test
    void sameSlotsGiveTheSameTrajectoryWhateverTheCompletionOrder() {
        SearchResult queued = evolve(TrialExecutor.local(1, 3));
        SearchResult threads = evolve(TrialExecutor.localThreads(3));
        Scrambled scrambled = new Scrambled();
        SearchResult late = evolve(scrambled);
        List<Object> expected = queued.trials().stream().map(t -> (Object) List.of(t.sample(), t.metrics())).toList();
        assertEquals(expected, threads.trials().stream().map(t -> (Object) List.of(t.sample(), t.metrics())).toList());
        assertEquals(expected, late.trials().stream().map(t -> (Object) List.of(t.sample(), t.metrics())).toList());
        assertEquals(30, scrambled.submitted.get());
        // and the slot count does matter for an evolution: one slot asks after every result
        assertNotEquals(queued.trials().stream().map(Trial::sample).toList(),
                evolve(TrialExecutor.local(1, 1)).trials().stream().map(Trial::sample).toList());
    }

    @Test
    void aRunnerFailureStopsTheSearchWithItsMessage() {
        TrialExecutor broken = new TrialExecutor() {
            @Override
            public int slots() {
                return 2;
            }

            @Override
            public CompletableFuture<Trial> submit(TrialTask task) {
                return CompletableFuture.failedFuture(new TrialRunnerException("executor 3 cannot read /data"));
            }
        };
        var e = assertThrows(TrialRunnerException.class, () -> evolve(broken));
        assertEquals("executor 3 cannot read /data", e.getMessage());
    }

    @Test
    void slotsBelowThreadsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrialExecutor.local(2, 1));
        assertTrue(e.getMessage().contains("slots (1) must be at least the threads (2)"), e.getMessage());
    }
}
