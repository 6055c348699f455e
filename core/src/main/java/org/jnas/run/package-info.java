/**
 * Running a search: {@link org.jnas.run.Search} (budget, seed, workers, journal to resume from, listeners), where
 * trials run ({@link org.jnas.run.TrialExecutor}), and what comes out: {@link org.jnas.run.SearchResult} with its
 * history, report, random baseline, noise floor and k-seed final evaluation.
 */
package org.jnas.run;
