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
}
