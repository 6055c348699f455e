package org.jnas.eval.djl;

/**
 * What every entry point that starts DJL's engine calls first (right after {@link org.jnas.Jnas#init()}), so that
 * libtorch is fit for training before the first trial: its start-up warning muted ({@link LibtorchWarning}) and its
 * CPU convolutions checked ({@link ConvolutionCheck}). After the first call it costs two volatile reads.
 *
 * <p>Checklist for a new entry point (an evaluator, a search, a proxy, a benchmark): call {@link #prepare()} before
 * building any network; print {@link ConvolutionCheck#describe()} where figures are printed (benchmarks).
 */
public final class Libtorch {
    private Libtorch() {
    }

    public static void prepare() {
        LibtorchWarning.spend();
        ConvolutionCheck.ensure();
    }
}
