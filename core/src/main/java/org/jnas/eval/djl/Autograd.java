package org.jnas.eval.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

/**
 * Gradient recording that several trials can do at once. DJL 0.36's PyTorch {@code GradientCollector} allows one
 * open collector per process (a second one throws "A PtGradientCollector is already collecting"), so trials run
 * by several search workers cannot each hold one. libtorch's grad mode is per thread, so on the PyTorch engine a
 * scope here switches recording on for the calling thread only and runs backward directly; on other engines it
 * falls back to DJL's collector (one at a time).
 *
 * <pre>{@code
 * try (Autograd.Scope rec = Autograd.record()) {
 *     NDArray loss = ...;          // forward pass, recorded
 *     rec.backward(loss);          // gradients accumulate into the parameters
 * }
 * try (Autograd.Scope off = Autograd.off()) { ... }   // inference: nothing recorded on this thread
 * }</pre>
 */
public final class Autograd {
    private Autograd() {
    }

    /** A region with recording switched on (or off); closing it restores this thread's previous mode. */
    public interface Scope extends AutoCloseable {
        /** Back-propagates a scalar (the mean loss) into every parameter that requires a gradient. */
        void backward(NDArray scalar);

        @Override
        void close();
    }

    /** Records the operations this thread runs until the scope closes. */
    public static Scope record() {
        return pytorch() ? new PtScope(true) : new DjlScope(Engine.getInstance().newGradientCollector());
    }

    /** Records nothing on this thread until the scope closes (evaluation, latency): less work, less memory. */
    public static Scope off() {
        return pytorch() ? new PtScope(false) : new Scope() {
            @Override
            public void backward(NDArray scalar) {
                throw new IllegalStateException("backward inside Autograd.off()");
            }

            @Override
            public void close() {
            }
        };
    }

    private static boolean pytorch() {
        return "PyTorch".equals(Engine.getInstance().getEngineName());
    }

    private static final class PtScope implements Scope {
        private final boolean previous;
        private final boolean recording;

        PtScope(boolean recording) {
            this.recording = recording;
            previous = JniUtils.isGradMode();
            JniUtils.setGradMode(recording);
        }

        @Override
        public void backward(NDArray scalar) {
            if (!recording) {
                throw new IllegalStateException("backward inside Autograd.off()");
            }
            try (NDArray ones = scalar.onesLike()) {
                JniUtils.backward((PtNDArray) scalar, (PtNDArray) ones, false, false);
            }
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }

    private record DjlScope(GradientCollector collector) implements Scope {
        @Override
        public void backward(NDArray scalar) {
            collector.backward(scalar);
        }

        @Override
        public void close() {
            collector.close();
        }
    }
}
