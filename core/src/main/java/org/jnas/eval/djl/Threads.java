package org.jnas.eval.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Thread settings for libtorch: intra-op threads as asked, one inter-op thread (DJL runs ops one at a time).
 *
 * <p>libtorch keeps the intra-op thread count per calling thread (each has its own OpenMP team), and the count is
 * part of a result: reductions split across 2 threads round differently from 1. So every training sets it, also
 * when it asks for libtorch's default ({@code n <= 0}): otherwise a trial on a reused thread (a notebook's, a test
 * runner's) would train with whatever count code that ran earlier on that thread left behind, and a fixed seed would
 * give another result after, say, a one-thread memory probe.
 */
public final class Threads {
    private static boolean interopSet;
    private static volatile int libtorchDefault;
    /** On a search's worker thread: how many workers train at once in this JVM. */
    private static final ThreadLocal<Integer> SHARED_WITH = new ThreadLocal<>();

    private Threads() {
    }

    /**
     * Sets this thread's libtorch intra-op threads to {@code n}; {@code n <= 0}: {@link #libtorchDefault()}, divided
     * among the workers on a search's worker thread ({@link #shareWith}).
     */
    public static synchronized void configure(int n) {
        int fallback = libtorchDefault(); // read before the first set: a set also changes what new threads get
        Integer workers = SHARED_WITH.get();
        JniUtils.setNumThreads(n > 0 ? n : workers == null ? fallback : Math.max(1, fallback / workers));
        if (!interopSet) {
            try {
                JniUtils.setNumInteropThreads(1);
            } catch (RuntimeException e) {
                // libtorch refuses once parallel work has started; the default then stays
            }
            interopSet = true;
        }
    }

    /**
     * Marks the calling thread as one of {@code workers} threads that train at once, so that a trial that asks for
     * libtorch's default count gets its share, {@code libtorchDefault() / workers} (at least 1): more threads than
     * cores wait on each other. The search's local executor calls it on each of its threads.
     */
    public static void shareWith(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        SHARED_WITH.set(workers);
    }

    /**
     * The intra-op thread count libtorch gives a thread that never set one ({@code OMP_NUM_THREADS}, else one per
     * physical core, or DJL's {@code ai.djl.pytorch.num_threads}), read once on a fresh thread before jnas sets any
     * count: libtorch's {@code set_num_threads} also becomes the count every thread created later starts with (the
     * convolution check's one thread would otherwise be it). {@link Libtorch#prepare()} reads it
     * first thing.
     */
    public static int libtorchDefault() {
        int n = libtorchDefault;
        return n > 0 ? n : readDefault();
    }

    private static synchronized int readDefault() {
        if (libtorchDefault == 0) {
            Engine.getEngine("PyTorch");
            int[] n = new int[1];
            Thread probe = new Thread(() -> n[0] = JniUtils.getNumThreads(), "jnas-thread-count");
            probe.start();
            try {
                probe.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Math.max(1, JniUtils.getNumThreads()); // not kept: the next call reads it properly
            }
            libtorchDefault = Math.max(1, n[0]);
        }
        return libtorchDefault;
    }
}
