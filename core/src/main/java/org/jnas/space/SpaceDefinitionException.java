package org.jnas.space;

/** A search space, sample or architecture that does not make sense; the message says what and how to fix it. */
public class SpaceDefinitionException extends IllegalArgumentException {
    public SpaceDefinitionException(String message) {
        super(message);
    }
}
