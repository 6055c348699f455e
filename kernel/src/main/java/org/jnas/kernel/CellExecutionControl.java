package org.jnas.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import jdk.jshell.spi.SPIResolutionException;

/**
 * Runs cell code in the kernel's process, so a cell's value is the real object (rendered by the display system,
 * not a string), and runs each snippet on its own thread, so an interrupt can stop it.
 *
 * <p>Interrupting first calls {@link Thread#interrupt()}: code that checks it (sleeps, I/O waits, a jnas search
 * between trials) ends cleanly and the cell shows what it returned. A cell still running after the grace period
 * (a busy loop) is stopped hard with {@code Thread.stop()}, which Java 17 still provides.
 */
final class CellExecutionControl extends DirectExecutionControl {
    private static final String THREAD_PREFIX = "jnas-cell-";

    private final CellClassLoader loader;
    private final long interruptGraceMillis;
    private final AtomicInteger threadIds = new AtomicInteger();
    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile Throwable lastFailure;
    private volatile boolean interrupted;
    private volatile boolean cellInterrupted;

    CellExecutionControl(CellClassLoader loader, long interruptGraceMillis) {
        super(loader.delegate());
        this.loader = loader;
        this.interruptGraceMillis = interruptGraceMillis;
    }

    /** Hands JShell this instance (JShell asks a provider for its execution control). */
    ExecutionControlProvider provider() {
        ExecutionControl self = this;
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jnas-in-process";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return self;
            }
        };
    }

    /**
     * Runs the snippet's {@code do_it$} method and keeps the returned object; JShell sees only a key to it.
     */
    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object value;
        if (Thread.currentThread().getName().startsWith(THREAD_PREFIX)) {
            value = doitMethod.invoke(null); // a cell evaluating code (eval(...)): already on a cell thread
        } else {
            value = runOnCellThread(doitMethod);
        }
        String key = "jnas-result-" + System.identityHashCode(doitMethod) + "-" + System.nanoTime();
        results.put(key, value == null ? NullValue.INSTANCE : value);
        return key;
    }

    private Object runOnCellThread(Method doitMethod) throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.complete(doitMethod.invoke(null));
            } catch (InvocationTargetException e) {
                outcome.completeExceptionally(e.getCause());
            } catch (Throwable e) { // ThreadDeath from a hard stop, errors thrown outside the cell's own frames
                outcome.completeExceptionally(e);
            }
        }, THREAD_PREFIX + threadIds.incrementAndGet());
        worker.setDaemon(true);
        worker.setContextClassLoader(loader);
        interrupted = false;
        running.set(worker);
        worker.start();
        try {
            return awaitUninterruptibly(outcome);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            lastFailure = cause;
            if (cause instanceof SPIResolutionException resolution) {
                throw resolution; // JShell's "unresolved reference" path
            }
            throw new InvocationTargetException(cause);
        } finally {
            running.compareAndSet(worker, null);
        }
    }

    private static Object awaitUninterruptibly(CompletableFuture<Object> outcome) throws ExecutionException {
        boolean wasInterrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    wasInterrupted = true;
                }
            }
        } finally {
            if (wasInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The object behind a JShell value key; {@code null} for a null value. Each key is taken once. */
    Object takeResult(String key) {
        Object value = results.remove(key);
        return value == NullValue.INSTANCE ? null : value;
    }

    /** Drops results JShell did not ask for (statements evaluate too), so nothing leaks between cells. */
    void clearResults() {
        results.clear();
    }

    /** The throwable of the last failed snippet, with its causes and full stack (JShell keeps only a copy). */
    Throwable takeLastFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }

    /** Forgets an earlier interrupt: called when a new cell starts. */
    void beginCell() {
        if (Thread.currentThread().getName().startsWith(THREAD_PREFIX)) {
            return; // a cell evaluating code: still the same cell
        }
        interrupted = false;
        cellInterrupted = false;
    }

    /** True when the user interrupted the snippet that ran last. */
    boolean wasInterrupted() {
        return interrupted;
    }

    /** True when the user interrupted any snippet of the current cell. */
    boolean cellWasInterrupted() {
        return cellInterrupted;
    }

    /** Interrupts the running snippet; stops it hard if it ignores the interrupt for the grace period. */
    @SuppressWarnings({"deprecation", "removal"})
    void interrupt() {
        Thread worker = running.get();
        if (worker == null) {
            return;
        }
        interrupted = true;
        cellInterrupted = true;
        worker.interrupt();
        Thread enforcer = new Thread(() -> {
            try {
                worker.join(interruptGraceMillis);
                if (worker.isAlive() && running.get() == worker) {
                    worker.stop();
                }
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            } catch (UnsupportedOperationException noStop) {
                System.err.println("jnas kernel: the cell ignores interrupts and this Java cannot stop threads;"
                        + " restart the kernel");
            }
        }, "jnas-interrupt");
        enforcer.setDaemon(true);
        enforcer.start();
    }

    @Override
    public void stop() {
        interrupt();
    }

    /** Marks a snippet whose value was null (the result map holds no nulls). */
    private enum NullValue { INSTANCE }
}
