package org.jnas.cli;

/** A search spec is wrong; the message names the field at fault (a JSON path such as {@code $.budget.trials}). */
public class SpecException extends IllegalArgumentException {
    public SpecException(String field, String problem) {
        super("spec field " + field + ": " + problem);
    }
}
