package org.jnas.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C (SIGINT) or SIGTERM does to a command that trains: its thread is interrupted, and the JVM waits (at most
 * {@link #WAIT_SECONDS}) until the command has returned. Exiting at once would end the JVM under threads still inside
 * libtorch, which can crash it (a SIGSEGV and an hs_err file). The command, once interrupted, stops its own workers
 * and waits for them ({@link org.jnas.run.TrialExecutor#stopAndWait}) before it returns.
 *
 * <pre>{@code
 * try (StopHook stop = StopHook.install("jnas bench: stopping")) {
 *     return runTheCommand();          // interrupted on Ctrl-C; stop.signalled() says why
 * }
 * }</pre>
 */
final class StopHook implements AutoCloseable {

    /** How long Ctrl-C waits for the command to stop before the JVM exits anyway. */
    static final int WAIT_SECONDS = 60;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean signalled;

    private StopHook(String message) {
        Thread caller = Thread.currentThread();
        hook = new Thread(() -> {
            signalled = true;
            System.err.println(message);
            caller.interrupt();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jnas-stop");
    }

    /** Installs the hook for the calling thread's command; {@code message} goes to stderr when a signal comes. */
    static StopHook install(String message) {
        StopHook stop = new StopHook(message);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Whether Ctrl-C or SIGTERM came: the command's failure is then its stop, not an error to report. */
    boolean signalled() {
        return signalled;
    }

    /** The command has returned: a running hook lets the JVM exit now; otherwise the hook is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the command is over
        }
    }
}
