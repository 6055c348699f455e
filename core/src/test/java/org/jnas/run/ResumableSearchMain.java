package org.jnas.run;

import java.nio.file.Path;
import org.jnas.Jnas;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;

/** The search that {@link ResumeAfterKillTest} runs in its own JVM: args = journal, budget, delay per trial (ms). */
public final class ResumableSearchMain {
    private ResumableSearchMain() {
    }

    static Search search(Path journal, int budget, long delayMillis) {
        return Search.of(Spaces.nasBench201()).strategy(Strategies.regularizedEvolution())
                .evaluator(new SlowNasBench201(delayMillis, false)).objectives(Objective.maximize("accuracy"))
                .budget(Budget.trials(budget)).seed(11).baseline(Baseline.none()).journal(journal);
    }

    public static void main(String[] args) {
        Jnas.init();
        SearchResult r = search(Path.of(args[0]), Integer.parseInt(args[1]), Long.parseLong(args[2])).run();
        System.out.println("DONE " + r.summary());
    }
}
