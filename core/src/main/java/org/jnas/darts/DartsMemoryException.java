package org.jnas.darts;

/** A DARTS search refused before it started because its supernet would not fit in memory. */
public class DartsMemoryException extends IllegalStateException {
    public DartsMemoryException(String message) {
        super(message);
    }
}
