package org.jnas.eval.djl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Keeps libtorch's deprecation warning ({@code [W... LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is
 * deprecated ...}) away from users. libtorch prints it once per process, from native code straight to file
 * descriptor 2, the first time DJL copies Java data into an existing array ({@code NDArray.set(float[])}: DJL's JNI
 * {@code torchSet} opens that deprecated guard; found with {@code strace -k}). It is not about anything the user did,
 * and in a notebook it lands in the terminal that runs Jupyter. {@code TORCH_CPP_LOG_LEVEL=ERROR} does not silence it.
 *
 * <p>{@link #spend()} makes libtorch print it while fd 2 points at {@code /dev/null}, then points fd 2 back; the
 * warning is "once per process", so later calls print nothing. Only that one native call runs muted (the engine is
 * loaded before, so its own log lines still arrive), and nothing is filtered afterwards: every other write to
 * stderr reaches it as before. (fd 2 belongs to the process: another thread writing to stderr during that
 * sub-millisecond call, once per process, would be muted too. A pipe filtering fd 2 for the whole run was the
 * alternative; it would lose a crash's last words, such as libtorch's abort message, so it was not taken.) A no-op off
 * Linux, on engines other than PyTorch, when libc cannot be reached, and with a libtorch of the user's own
 * ({@code PYTORCH_LIBRARY_PATH}).
 *
 * <p>The same muted call asks libtorch whether NNPACK can start on this CPU ({@link LibtorchContext#nnpackAvailable},
 * which prints "Could not initialize NNPACK! Reason: Unsupported hardware." where it cannot) and, if not, switches
 * NNPACK off for the process: otherwise every CPU convolution that libtorch does not hand to oneDNN (1x1 ones on one
 * thread, batch-1 latency, float64, or all of them after {@link ConvolutionCheck} turned oneDNN off) prints that
 * line again, 1,365 times in one B4 trial on one thread on an AMD EPYC (Zen 5) machine. NNPACK was not used there.
 *
 * <p>Entry points that start DJL's engine call it through {@link Libtorch#prepare()}; it costs one volatile read
 * after the first call.
 */
public final class LibtorchWarning {
    private static final int O_WRONLY = 1;
    private static final int STDERR = 2;
    private static volatile boolean spent;

    private LibtorchWarning() {
    }

    /** Prints libtorch's once-per-process warning into /dev/null, if not done yet (see the class comment). */
    public static void spend() {
        if (spent) {
            return;
        }
        synchronized (LibtorchWarning.class) {
            if (spent) {
                return;
            }
            spent = true;
            String own = System.getenv("PYTORCH_LIBRARY_PATH");
            if (own != null && !own.isBlank()) {
                // a libtorch the user brought (README, "GPU"): not the build whose warning this mutes, and where
                // DJL's JNI does not fit it, the muted calls are where the process can die (exit 127 there, seen with
                // PyTorch 2.11's libtorch; likely the dynamic linker's missing symbol): not without a word
                return;
            }
            Libc libc = Libc.onLinux().orElse(null);
            if (libc == null) {
                return; // fd juggling below is Linux's; elsewhere the warning is left as it is
            }
            Engine engine = Engine.getInstance(); // load (and let it log) before anything is muted
            if (!"PyTorch".equals(engine.getEngineName())) {
                return;
            }
            System.err.flush();
            int saved = libc.dup(STDERR);
            if (saved < 0) {
                return;
            }
            int devNull = libc.open("/dev/null", O_WRONLY);
            try {
                if (devNull < 0 || libc.dup2(devNull, STDERR) < 0) {
                    return;
                }
                try (NDManager manager = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                    manager.zeros(new Shape(1)).set(new float[] {0f}); // the call that prints the warning
                    // where NNPACK cannot start, every convolution that considers it logs that again: off it goes
                    LibtorchContext.find().filter(c -> !c.nnpackAvailable()).ifPresent(c -> c.setNnpack(false));
                } finally {
                    libc.dup2(saved, STDERR);
                }
            } finally {
                libc.close(saved);
                if (devNull >= 0) {
                    libc.close(devNull);
                }
            }
        }
    }
}
