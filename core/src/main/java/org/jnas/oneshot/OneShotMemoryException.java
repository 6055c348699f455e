package org.jnas.oneshot;

/** A one-shot supernet that would not fit in the memory available; the message names the knobs to turn. */
public final class OneShotMemoryException extends RuntimeException {
    public OneShotMemoryException(String message) {
        super(message);
    }
}
