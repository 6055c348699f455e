package org.jnas.run;

/** A journal on disk belongs to a different search (space, strategy, seed, objectives ...) or is damaged. */
public class JournalMismatchException extends IllegalStateException {
    public JournalMismatchException(String message) {
        super(message);
    }
}
