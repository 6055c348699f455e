package org.jnas.run;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jnas.strategy.Trial;

/** The default {@link TrialExecutor}: trials on daemon threads of this JVM. */
final class LocalThreads implements TrialExecutor {
    private final int threads;
    private final int slots;
    private final ExecutorService pool;

    LocalThreads(int threads, int slots) {
        if (threads < 1) {
            throw new IllegalArgumentException("local threads must be at least 1, got " + threads);
        }
        if (slots < threads) {
            throw new IllegalArgumentException("slots (" + slots + ") must be at least the threads (" + threads + ")");
        }
        this.threads = threads;
        this.slots = slots;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "jnas-trial-" + n.incrementAndGet());
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
        return threads + " local thread" + (threads == 1 ? "" : "s") + (slots == threads ? "" : ", " + slots + " slots");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
