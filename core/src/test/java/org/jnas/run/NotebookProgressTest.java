package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.notebook.Notebook;
import org.jnas.notebook.NotebookBackend;
import org.jnas.notebook.SearchProgress;
import org.jnas.space.Spaces;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.Test;

/** In a notebook, a search draws its own progress, against whatever kind of budget it has. */
class NotebookProgressTest {

    static final class Frames implements NotebookBackend {
        final List<SearchProgress> frames = new ArrayList<>();

        @Override
        public String display(Object value) {
            frames.add((SearchProgress) value);
            return "p" + frames.size();
        }

        @Override
        public void update(String displayId, Object value) {
            frames.add((SearchProgress) value);
        }
    }

    @Test
    void aCostBudgetShowsTheShareSpentAndEndsAtTheWholeBudget() {
        var backend = new Frames();
        Notebook.install(backend);
        try {
            // NAS-Bench-201 trials cost their tabulated training time: a cost budget of 20,000 s is a few dozen
            Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(NasBench201.load())
                    .budget(Budget.costSeconds(20_000)).seed(3).baseline(Baseline.none()).run();
        } finally {
            Notebook.uninstall(backend);
        }
        SearchProgress last = backend.frames.get(backend.frames.size() - 1);
        assertTrue(last.finished(), last.plainText());
        assertEquals(0, last.total(), "a cost budget has no trial total");
        assertEquals(1.0, last.budgetFraction());
        assertTrue(last.plainText().contains("(100% of the budget)"), last.plainText());
        assertTrue(last.done() > 1, last.plainText());
    }

    @Test
    void theSearchsDisplayIsFinishedBeforeItsRandomBaselineStarts() {
        var backend = new Frames();
        Notebook.install(backend);
        try {
            Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution()).evaluator(NasBench201.load())
                    .budget(Budget.trials(30)).seed(3).run();
        } finally {
            Notebook.uninstall(backend);
        }
        int searchDone = -1;
        int baselineFirst = -1;
        for (int i = 0; i < backend.frames.size(); i++) {
            SearchProgress f = backend.frames.get(i);
            if (searchDone < 0 && f.title().startsWith("RegularizedEvolution") && f.finished()) {
                searchDone = i;
            }
            if (baselineFirst < 0 && f.title().startsWith("RandomSearch")) {
                baselineFirst = i;
            }
        }
        assertTrue(searchDone >= 0 && baselineFirst > searchDone, "search finished at frame " + searchDone
                + ", baseline's first frame " + baselineFirst);
        assertEquals(30, backend.frames.get(searchDone).done());
    }
}
