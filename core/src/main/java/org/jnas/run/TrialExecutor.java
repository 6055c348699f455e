package org.jnas.run;

import java.util.concurrent.CompletableFuture;

/**
 * Where a search's trials run: local threads (the default) or a cluster ({@code org.jnas.spark.SparkTrials} in the
 * jnas-spark module). The search keeps the strategy's ask/tell loop and the journal in its own JVM (the driver);
 * an executor only turns a {@link TrialTask} into a {@link org.jnas.strategy.Trial}, as many at once as it has
 * {@link #slots()}.
 *
 * <pre>{@code
 * Search.of(space)...executor(TrialExecutor.localThreads(2)).run();               // what workers(2) does
 * Search.of(space)...executor(SparkTrials.connect("spark://host:7077")).run();    // jnas-spark
 * }</pre>
 *
 * <h2>Writing your own (checklist)</h2>
 * <ol>
 *   <li>{@link #slots()} is fixed for the executor's life: the search tells results in trial order and asks trial
 *       {@code i} after telling trial {@code i - slots}, so the slot count (not the cluster's speed or faults)
 *       fixes the trajectory of a seed.</li>
 *   <li>An evaluation is a pure function of (evaluator, architecture, fidelity, seed): run it where you like.
 *       In this JVM call {@link TrialTask#evaluateHere()}; elsewhere ship the evaluator's
 *       {@link org.jnas.eval.Evaluator#shippable() recipe}, the space, sample, fidelity and seed, rebuild and evaluate
 *       there, and bring the {@link org.jnas.eval.Evaluation} (or the evaluator's error) back through
 *       {@link TrialTask#trialOf} / {@link TrialTask#failed}.</li>
 *   <li>An evaluator error (a diverged or broken network) completes the future normally with a failed trial: the
 *       search goes on. A fault of the machinery (data or native library missing where the trial runs, a lost
 *       cluster) completes it exceptionally with a {@link TrialRunnerException} that says what to fix: the search
 *       stops at once instead of recording every trial as failed.</li>
 *   <li>A lost worker is the executor's business: re-run the trial elsewhere, or give up after a stated number of
 *       attempts with a {@link TrialRunnerException}.</li>
 *   <li>{@code cancel(true)} on a returned future must stop that trial's work (the search cancels what is in
 *       flight when it is interrupted or fails).</li>
 *   <li>{@link #close()} releases what the executor started; the search never closes an executor it was given.</li>
 * </ol>
 */
public interface TrialExecutor extends AutoCloseable {

    /** Trials in flight at once; fixed for the executor's life (it shapes the search's trajectory). */
    int slots();

    /** Starts the trial; the future completes with the trial (failed or not) or a {@link TrialRunnerException}. */
    CompletableFuture<org.jnas.strategy.Trial> submit(TrialTask task);

    /** A short description for the search's toString: {@code "2 local threads"}. */
    default String describe() {
        return getClass().getSimpleName() + " (" + slots() + " slots)";
    }

    @Override
    default void close() {
    }

    /**
     * Interrupts {@code pool}'s threads and waits at most {@code seconds} until they have ended, even when the caller
     * is interrupted (it usually is: that is why the pool stops); the caller's interrupt is kept. For any pool whose
     * tasks train: each stops at its next batch, out of libtorch before the caller returns.
     */
    static void stopAndWait(java.util.concurrent.ExecutorService pool, int seconds) {
        pool.shutdownNow();
        boolean interrupted = Thread.interrupted();
        try {
            pool.awaitTermination(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Trials on {@code threads} daemon threads of this JVM: what {@link Search#workers(int)} gives. */
    static TrialExecutor localThreads(int threads) {
        return new LocalThreads(threads, threads);
    }

    /**
     * Trials on {@code threads} threads of this JVM, thread {@code i} pinned to {@code devices[i % n]} for its life
     * ({@link org.jnas.eval.djl.Devices#forWorker}): with as many threads as GPUs, one trial per GPU, each trial's
     * arrays on its own device. What {@link Search#devices} gives.
     */
    static TrialExecutor localThreads(int threads, ai.djl.Device... devices) {
        if (devices.length == 0) {
            throw new IllegalArgumentException("give at least one device to pin the threads to, e.g. Device.gpu(0)");
        }
        return new LocalThreads(threads, threads, devices);
    }

    /**
     * Trials on {@code threads} threads of this JVM with {@code slots >= threads} of them asked at once (the rest
     * wait their turn): the trajectory of a cluster run with that many slots, reproduced on one machine. DJL
     * trains one network at a time per JVM (one gradient collector), so real training runs on one thread here.
     */
    static TrialExecutor local(int threads, int slots) {
        return new LocalThreads(threads, slots);
    }
}
