package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SearchTest {
    static final NasBench201 BENCH = NasBench201.load();

    static Search evolution(int budget, long seed) {
        return Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution()).evaluator(BENCH)
                .objectives(Objective.maximize("accuracy"), Objective.minimize("latency_ms_pixel3"))
                .budget(Budget.trials(budget)).seed(seed).baseline(Baseline.none());
    }

    @Test
    void aLongerBudgetOnTheSameJournalContinuesExactlyWhereItStopped(@TempDir Path dir) {
        Path journal = dir.resolve("j.jsonl");
        assertEquals(25, evolution(25, 3).journal(journal).run().trials().size());
        SearchResult extended = evolution(50, 3).journal(journal).run();
        assertEquals(evolution(50, 3).run().trials(), extended.trials());
    }

    /**
     * A user's strategy with only start/ask/tell/describe (no state snapshot): the journal alone resumes it
     * exactly, because a resumed search replays the recorded asks and tells into a fresh strategy.
     */
    @Test
    void aStrategyWithoutAStateSnapshotResumesFromTheJournalExactly(@TempDir Path dir) {
        java.util.function.Supplier<org.jnas.strategy.Strategy> mutateTheBest = () -> new org.jnas.strategy.Strategy() {
            private org.jnas.strategy.SearchContext context;
            private Trial best;

            @Override
            public void start(org.jnas.strategy.SearchContext c) {
                context = c;
            }

            @Override
            public List<org.jnas.strategy.Candidate> ask(int n) {
                var s = best == null ? context.space().sample(context.rng())
                        : context.space().mutate(best.sample(), context.rng());
                return List.of(org.jnas.strategy.Candidate.of(s));
            }

            @Override
            public void tell(Trial t) {
                if (best == null || context.score(t) > context.score(best)) {
                    best = t;
                }
            }

            @Override
            public String describe() {
                return "mutate-the-best";
            }
        };
        java.util.function.BiFunction<Integer, Path, Search> search = (budget, journal) -> {
            Search s = Search.of(Spaces.nasBench201()).strategy(mutateTheBest.get()).evaluator(BENCH)
                    .objectives(Objective.maximize("accuracy")).budget(Budget.trials(budget)).seed(8)
                    .baseline(Baseline.none());
            return journal == null ? s : s.journal(journal);
        };
        Path journal = dir.resolve("j.jsonl");
        assertEquals(15, search.apply(15, journal).run().trials().size());
        assertEquals(search.apply(30, null).run().trials(), search.apply(30, journal).run().trials());
        var e = assertThrows(UnsupportedOperationException.class, () -> mutateTheBest.get().state());
        assertTrue(e.getMessage().contains("mutate-the-best") && e.getMessage().contains("journal"), e.getMessage());
    }

    @Test
    void aCorruptLastLineIsDroppedAndTheSearchGoesOnAsIfUninterrupted(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        evolution(20, 4).journal(journal).run();
        String cut = "{\"toldBefore\":20,\"trial\":{\"id\":20,\"sample\":{\"0->1\":\"nor_co";
        Files.writeString(journal, cut, StandardOpenOption.APPEND);
        SearchResult resumed = evolution(40, 4).journal(journal).run();
        assertEquals(evolution(40, 4).run().trials(), resumed.trials());
        assertFalse(Files.readString(journal).contains(cut), "the damaged line was cut off the file");
        assertEquals(41, Files.readAllLines(journal).size());
    }

    @Test
    void aJournalOfADifferentSearchIsRefusedNamingTheDifference(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        evolution(10, 5).journal(journal).run();
        var e = assertThrows(JournalMismatchException.class, () -> evolution(10, 6).journal(journal).run());
        assertTrue(e.getMessage().contains("seed is 5 but this search's is 6"), e.getMessage());
        var s = assertThrows(JournalMismatchException.class, () -> Search.of(Spaces.nasBench201())
                .strategy(Strategies.random()).evaluator(BENCH).budget(Budget.trials(10)).seed(5).journal(journal)
                .run());
        assertTrue(s.getMessage().contains("strategy"), s.getMessage());
        // a damaged line in the middle is not a crash mid-write: refuse rather than guess
        List<String> lines = Files.readAllLines(journal);
        lines.set(3, "garbage");
        Files.write(journal, lines);
        var d = assertThrows(JournalMismatchException.class, () -> evolution(10, 5).journal(journal).run());
        assertTrue(d.getMessage().contains("line 4"), d.getMessage());
    }

    @Test
    void failedTrialsAreRecordedAndTheSearchGoesOn(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(new SlowNasBench201(0, true)).budget(Budget.trials(60)).seed(1).journal(journal)
                .baseline(Baseline.none()).run();
        assertEquals(60, r.trials().size());
        List<Trial> failed = r.trials().stream().filter(t -> !t.ok()).toList();
        assertFalse(failed.isEmpty());
        assertTrue(failed.stream().allMatch(t -> t.error().contains("loss is NaN")
                && t.sample().getString("0->1").equals("none")));
        assertFalse(r.best().sample().getString("0->1").equals("none"));
        Table history = r.history();
        assertEquals(60, history.rowCount());
        assertEquals(failed.size(), history.stringColumn("status").countOccurrences("failed"));
        assertTrue(Files.readString(journal).contains("loss is NaN"));
    }

    @Test
    void interruptingTheSearchThreadEndsItCleanlyKeepingWhatFinished(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        AtomicReference<SearchResult> result = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread t = new Thread(() -> {
            result.set(Search.of(Spaces.nasBench201()).strategy(Strategies.random())
                    .evaluator(new SlowNasBench201(20, false)).budget(Budget.trials(1000)).seed(1)
                    .journal(journal).run());
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        Thread.sleep(600);
        t.interrupt();
        t.join(5000);
        assertFalse(t.isAlive());
        SearchResult r = result.get();
        assertTrue(r.interrupted());
        assertTrue(r.trials().size() > 3 && r.trials().size() < 1000, r.summary());
        assertEquals(r.trials().size() + 1, Files.readAllLines(journal).size());
        assertTrue(flagAfter.get(), "the interrupt flag is kept for the caller");
        String report = r.report().toString();
        assertTrue(report.contains("INTERRUPTED"), report);
        assertTrue(report.contains("not measured: the search was interrupted"), "a stopped search runs no final"
                + " evaluation, and its report says why: " + report);
    }

    @Test
    void parallelWorkersRunEveryTrialOnce() {
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(new SlowNasBench201(5, false)).budget(Budget.trials(40)).seed(2).workers(4)
                .baseline(Baseline.none()).run();
        assertEquals(40, r.trials().size());
        assertEquals(40, new HashSet<>(r.trials().stream().map(Trial::id).toList()).size());
        assertEquals(39, r.trials().get(39).id());
    }

    @Test
    void aParallelSearchResumesFromItsJournalWithoutLosingOrRepeatingTrials(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("j.jsonl");
        Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(new SlowNasBench201(3, false)).budget(Budget.trials(30)).seed(2).workers(3)
                .journal(journal).baseline(Baseline.none()).run();
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(new SlowNasBench201(3, false)).budget(Budget.trials(60)).seed(2).workers(3)
                .journal(journal).baseline(Baseline.none()).run();
        assertEquals(60, r.trials().size());
        assertEquals(60, new HashSet<>(r.trials().stream().map(Trial::id).toList()).size());
        assertEquals(61, Files.readAllLines(journal).size());
    }

    @Test
    void aWallClockBudgetStopsStartingTrialsWhenSpent() {
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.random())
                .evaluator(new SlowNasBench201(10, false)).budget(Budget.seconds(0.5)).seed(2)
                .baseline(Baseline.none()).run();
        assertTrue(r.wallSeconds() >= 0.5 && r.wallSeconds() < 2, r.summary());
        assertTrue(r.trials().size() > 10 && r.trials().size() < 60, r.summary());
    }

    @Test
    void theReportStatesSeedCostBaselineAndTheTestScoreOfTheChosenArchitecture() {
        var out = new ByteArrayOutputStream();
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(BENCH).budget(Budget.trials(50)).seed(9)
                .listener(SearchListener.progressBar(new PrintStream(out, true, StandardCharsets.UTF_8)))
                .listener(SearchListener.logLines(new PrintStream(out, true, StandardCharsets.UTF_8))).run();
        Report report = r.report();
        assertEquals(9, report.seed());
        assertEquals(50, report.evaluations());
        assertEquals(r.trials().stream().mapToDouble(t -> BENCH.querySeconds(t.sample(), t.fidelity())).sum(),
                report.totalCostSeconds(), 1e-6);
        BaselineResult base = report.baseline().orElseThrow();
        // matched on cost: queries now cost what their architecture costs, so the count differs a little
        assertTrue(Math.abs(base.costSeconds() - report.totalCostSeconds()) < 20 * 12, base + " vs "
                + report.totalCostSeconds());
        assertEquals(BENCH.testAccuracy(r.best().sample()), report.testValue(), 1e-12);
        String text = report.toString();
        assertTrue(text.contains("seed 9") && text.contains("vs random search") && text.contains("test accuracy"),
                text);
        String log = out.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("100%") && log.contains("[search] done: 50 trials"), log);
        assertThrows(IllegalStateException.class, () -> Search.of(Spaces.nasBench201()).run());
    }

    @Test
    void anObjectiveTheEvaluatorDoesNotReportIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Search.of(Spaces.nasBench201())
                .strategy(Strategies.random()).evaluator(BENCH).objectives(Objective.minimize("energy_mj"))
                .budget(Budget.trials(5)).run());
        assertTrue(e.getMessage().contains("'energy_mj'") && e.getMessage().contains("latency_ms_pixel3"),
                e.getMessage());
    }
}
