package org.jnas.eval.djl;

/**
 * What every entry point that starts DJL's engine calls first (right after {@link org.jnas.Jnas#init()}), so that
 * libtorch is fit for training before the first trial: glibc set to reuse the memory it frees ({@link NativeHeap}),
 * its start-up warning muted ({@link LibtorchWarning}), its default thread count kept
 * ({@link Threads#libtorchDefault()}) and its CPU convolutions checked ({@link ConvolutionCheck}).
 * After the first call it costs four volatile reads.
 *
 * <p>Checklist for a new entry point (an evaluator, a search, a proxy, a benchmark): call {@link #prepare()} before
 * building any network; print {@link ConvolutionCheck#describe()} and {@link NativeHeap#describe()} where figures
 * are printed (benchmarks).
 */
public final class Libtorch {
    private Libtorch() {
    }

    public static void prepare() {
        NativeHeap.configure(); // first: the engine's own start-up allocations already follow it
        LibtorchWarning.spend();
        Threads.libtorchDefault(); // before the check below sets one thread on its own thread
        ConvolutionCheck.ensure();
    }
}
