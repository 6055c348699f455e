package org.jnas.kernel;

import java.util.List;

/**
 * A cell that failed, already formatted for the notebook. The simple class name is what Jupyter shows as the
 * error name ({@code ename}), hence the Python-like names of the subclasses.
 */
class CellError extends RuntimeException {
    private final List<String> traceback;

    CellError(String message, List<String> traceback, Throwable cause) {
        super(message, cause);
        this.traceback = List.copyOf(traceback);
    }

    /** The lines Jupyter shows, without line breaks inside. */
    List<String> traceback() {
        return traceback;
    }

    /** Java code that does not compile: each diagnostic with the offending cell line and a caret. */
    static final class CompileError extends CellError {
        CompileError(String message, List<String> traceback) {
            super(message, traceback, null);
        }
    }

    /** The cell threw: the exception with a stack trace trimmed to the cell's own frames. */
    static final class EvalError extends CellError {
        EvalError(Throwable thrown, List<String> traceback) {
            super(thrown.getClass().getName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()),
                    traceback, thrown);
        }
    }

    /** The user interrupted the cell before it finished. */
    static final class Interrupted extends CellError {
        Interrupted(List<String> traceback) {
            super("the cell was interrupted", traceback, null);
        }
    }

    /** A magic line ({@code %name args}) that failed, or bad input the kernel rejects before running it. */
    static final class MagicError extends CellError {
        MagicError(String message) {
            super(message, List.of(message), null);
        }
    }
}
