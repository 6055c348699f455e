package org.jnas.run;

import ai.djl.Device;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.eval.djl.Devices;
import org.jnas.eval.djl.Threads;
import org.jnas.strategy.Trial;

/** The default {@link TrialExecutor}: trials on daemon threads of this JVM. */
final class LocalThreads implements TrialExecutor {
    private final int threads;
    private final int slots;
    private final ExecutorService pool;

    private final Device[] devices;

    LocalThreads(int threads, int slots) {
        this(threads, slots, new Device[0]);
    }

    /** With devices: thread i (0-based, for its whole life) is pinned to {@code devices[i % n]}. */
    LocalThreads(int threads, int slots, Device[] devices) {
        if (threads < 1) {
            throw new IllegalArgumentException("local threads must be at least 1, got " + threads);
        }
        if (slots < threads) {
            throw new IllegalArgumentException("slots (" + slots + ") must be at least the threads (" + threads + ")");
        }
        this.threads = threads;
        this.slots = slots;
        this.devices = devices.clone();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            int worker = n.getAndIncrement();
            Runnable pinned = () -> {
                if (this.devices.length > 0) {
                    Devices.pin(Devices.forWorker(worker, this.devices));
                }
                Threads.shareWith(threads); // a trial at libtorch's default count gets its share of the cores
                r.run();
            };
            Thread t = new Thread(pinned, "jnas-trial-" + (worker + 1));
            t.setDaemon(true); // a search abandoned in a notebook must not keep the JVM alive
            return t;
        });
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public CompletableFuture<Trial> submit(TrialTask task) {
        var result = new CompletableFuture<Trial>() {
            volatile Future<?> work;

            @Override
            public boolean cancel(boolean interrupt) {
                Future<?> w = work;
                if (w != null) {
                    w.cancel(true); // interrupts the training thread
                }
                return super.cancel(interrupt);
            }
        };
        result.work = pool.submit(() -> {
            try {
                result.complete(task.evaluateHere());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    @Override
    public String describe() {
        return threads + " local thread" + (threads == 1 ? "" : "s") + (slots == threads ? "" : ", " + slots + " slots")
                + (devices.length == 0 ? "" : " pinned to " + java.util.Arrays.toString(devices) + " in turn");
    }

    /**
     * Interrupts the trials still running and waits (at most {@link #STOP_WAIT_SECONDS}) until they have stopped:
     * a training trial stops at its next batch, so its thread is out of libtorch before the caller goes on (or the
     * JVM exits under it, which can crash libtorch mid-operation).
     */
    @Override
    public void close() {
        TrialExecutor.stopAndWait(pool, STOP_WAIT_SECONDS);
    }

    static final int STOP_WAIT_SECONDS = 10;
}
