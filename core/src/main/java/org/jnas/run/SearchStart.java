package org.jnas.run;

import java.util.List;
import org.jnas.strategy.Objective;

/**
 * What a {@link SearchListener} learns when a search starts: a read-only view, so that a listener cannot change the
 * search it observes.
 *
 * @param strategy    the strategy's name and options
 * @param space       the space's name
 * @param budget      the search's budget
 * @param objectives  the objectives, the primary first
 * @param replayed    trials replayed from the journal (0 for a fresh search)
 * @param description the search in one line (as {@code Search.toString()})
 */
public record SearchStart(String strategy, String space, Budget budget, List<Objective> objectives, int replayed,
                          String description) {
    public SearchStart {
        objectives = List.copyOf(objectives);
    }
}
