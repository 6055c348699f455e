package org.jnas.eval;

/** An evaluation that could not give a score (NaN loss, out of memory, ...). The search records it and goes on. */
public class EvaluationFailedException extends RuntimeException {
    public EvaluationFailedException(String message) {
        super(message);
    }

    public EvaluationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
