package org.jnas.run;

/**
 * The machinery that runs trials failed, not the architecture being evaluated: data or the native PyTorch library
 * missing where a trial runs, a cluster that lost every worker, a trial that failed on too many workers. A search
 * stops at the first one, with this message, instead of recording every trial as failed.
 */
public class TrialRunnerException extends RuntimeException {
    public TrialRunnerException(String message) {
        super(message);
    }

    public TrialRunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
