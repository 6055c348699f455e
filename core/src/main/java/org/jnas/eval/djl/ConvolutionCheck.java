package org.jnas.eval.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes sure libtorch's CPU convolutions compute correct gradients here, before any training uses them.
 *
 * <p>Why: on some CPUs the oneDNN 3.7.1 inside DJL's libtorch 2.7.1 returns a wrong input gradient from its
 * {@code jit} backward-data convolution whenever the channel count is not a multiple of its SIMD block (16 floats
 * with AVX-512, 8 with AVX2), so that channels are padded: garbage or NaN, on every call with one thread and on
 * some calls with two. Found on an AMD EPYC (Zen 5) virtual machine, where every quickstart trial (8 channels at
 * 28x28) diverged to a NaN loss within a few batches; on the Intel Xeon machines jnas was built on, the same kernels
 * are correct. Capped at AVX2 ({@code ONEDNN_MAX_CPU_ISA=AVX2}) oneDNN is right there for channel counts that are
 * multiples of 8, and at SSE4.1 for all, at half the speed.
 *
 * <p>What: {@link #ensure()} (called from {@link Libtorch#prepare()}, so before the first trial) compares a few
 * convolutions' outputs, input gradients and weight gradients in float32 (oneDNN) with the same in float64
 * (libtorch's own kernels: oneDNN does not run float64) for channel counts from 1 to 48, 1x1 to 5x5, strided and
 * depthwise ones, on a thread of its own with one OpenMP thread (where the fault shows on every call). If they
 * disagree, it checks them again as {@link ConvolutionGuard} runs them with channels padded to multiples of
 * {@link ConvolutionGuard#BLOCK}; if that is right, jnas's convolutions pad from then on ({@link #paddingBlock()}).
 * Otherwise it switches libtorch's oneDNN use off for the process ({@code
 * at::globalContext().setUserEnabledMkldnn(false)}, what {@code torch.backends.mkldnn.enabled = False} does in
 * Python), checks again, and says so once on stderr. {@code JNAS_ONEDNN} (environment) or
 * {@code jnas.onednn} (system property) overrides it: {@code auto} (the default: check), {@code on} (keep oneDNN,
 * no check), {@code off} (libtorch's own kernels always).
 *
 * <p>It costs well under a second once per process. A no-op on engines other than PyTorch and where libtorch's symbols
 * cannot be reached.
 */
public final class ConvolutionCheck {

    /** How this process's CPU convolutions run. */
    public enum State {
        /** Not decided yet (no {@link #ensure()} call so far). */
        UNCHECKED,
        /** oneDNN, which passed the check. */
        ONEDNN,
        /**
         * oneDNN, which failed the check as it is but passed it with {@link ConvolutionGuard}'s channel padding: jnas
         * pads its convolutions.
         */
        ONEDNN_PADDED,
        /** oneDNN without a check ({@code JNAS_ONEDNN=on}). */
        ONEDNN_UNCHECKED,
        /** oneDNN, kept because libtorch's own kernels failed the check too: results here are not to be trusted. */
        WRONG_EITHER_WAY,
        /** libtorch's own kernels, because oneDNN failed the check. */
        NATIVE_AFTER_FAILED_CHECK,
        /** libtorch's own kernels, because {@code JNAS_ONEDNN=off}. */
        NATIVE_BY_REQUEST,
        /** Not libtorch, or its switch is out of reach: nothing checked or changed. */
        NOT_APPLICABLE
    }

    /** Largest error, relative to the largest float64 value, that counts as a float32 rounding difference. */
    static final double TOLERANCE = 1e-3;

    private static volatile State state = State.UNCHECKED;
    private static volatile String finding = "";

    private ConvolutionCheck() {
    }

    /** How convolutions run in this process, as decided by {@link #ensure()}. */
    public static State state() {
        return state;
    }

    /**
     * The channel multiple {@link ConvolutionGuard} pads dense convolutions to in this process: {@link
     * ConvolutionGuard#BLOCK} where oneDNN is right only so ({@link State#ONEDNN_PADDED}), else 0 (no padding).
     */
    public static int paddingBlock() {
        return state == State.ONEDNN_PADDED ? ConvolutionGuard.BLOCK : 0;
    }

    /** One line for benchmark headers and reports: which convolutions run, and why. */
    public static String describe() {
        return switch (state) {
            case UNCHECKED -> "CPU convolutions: not checked yet";
            case ONEDNN -> "CPU convolutions: oneDNN (self-check passed)";
            case ONEDNN_PADDED -> "CPU convolutions: oneDNN, channels padded to multiples of " + ConvolutionGuard.BLOCK
                    + " (as it is, oneDNN failed the self-check: " + finding + ")";
            case ONEDNN_UNCHECKED -> "CPU convolutions: oneDNN (JNAS_ONEDNN=on, not checked)";
            case WRONG_EITHER_WAY -> "CPU convolutions: oneDNN, WRONG (the self-check failed with oneDNN and without"
                    + " it: " + finding + ")";
            case NATIVE_AFTER_FAILED_CHECK -> "CPU convolutions: libtorch's own (oneDNN failed the self-check: "
                    + finding + ")";
            case NATIVE_BY_REQUEST -> "CPU convolutions: libtorch's own (JNAS_ONEDNN=off)";
            case NOT_APPLICABLE -> "CPU convolutions: engine default (not libtorch, not checked)";
        };
    }

    /** Checks once per process and switches oneDNN off if it computes wrong gradients; see the class comment. */
    public static void ensure() {
        if (state != State.UNCHECKED) {
            return;
        }
        synchronized (ConvolutionCheck.class) {
            if (state != State.UNCHECKED) {
                return;
            }
            state = decide();
        }
    }

    /** The setting {@code value} names ({@code null}: the default, auto), or a clear error. */
    static String mode(String value) {
        String mode = value == null ? "auto" : value.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new IllegalArgumentException("JNAS_ONEDNN (or -Djnas.onednn) is '" + value.trim()
                    + "'; use auto (check oneDNN's convolutions, the default), on (keep oneDNN) or off (libtorch's"
                    + " own convolutions)");
        }
        return mode;
    }

    private static State decide() {
        String mode = mode(Optional.ofNullable(System.getProperty("jnas.onednn")).orElse(System.getenv("JNAS_ONEDNN")));
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return State.NOT_APPLICABLE;
        }
        if (mode.equals("on")) {
            return State.ONEDNN_UNCHECKED;
        }
        Optional<LibtorchContext> toggle = LibtorchContext.find();
        if (toggle.isEmpty()) {
            return State.NOT_APPLICABLE;
        }
        if (mode.equals("off")) {
            toggle.get().setMkldnn(false);
            return State.NATIVE_BY_REQUEST;
        }
        Optional<String> wrong = onOwnThread(ConvolutionCheck::firstWrong);
        if (wrong.isEmpty()) {
            return State.ONEDNN;
        }
        if (onOwnThread(() -> firstWrong(ConvolutionGuard.BLOCK)).isEmpty()) {
            finding = wrong.get(); // right when padded: as fast as oneDNN at this ISA, and nothing to tell the user
            return State.ONEDNN_PADDED;
        }
        toggle.get().setMkldnn(false);
        Optional<String> still = onOwnThread(ConvolutionCheck::firstWrong);
        if (still.isPresent()) {
            toggle.get().setMkldnn(true); // the fault is not oneDNN's: leave libtorch as it was, and say so
            System.err.println("jnas: WARNING: CPU convolutions give wrong gradients here, with oneDNN ("
                    + wrong.get() + ") and without it (" + still.get() + "); training results on this CPU are not"
                    + " to be trusted. Set JNAS_ONEDNN=on to skip this check.");
            finding = wrong.get();
            return State.WRONG_EITHER_WAY;
        }
        finding = wrong.get();
        System.err.println("jnas: oneDNN's CPU convolutions give wrong gradients on this CPU (" + cpuModel() + ": "
                + finding + "), so libtorch's own convolutions are used instead: correct, but slower. oneDNN"
                + " capped at an older ISA may be correct and faster: ./jnas finds and sets one by itself; elsewhere"
                + " start Java with ONEDNN_MAX_CPU_ISA=SSE41 if 'java -cp <jnas class path>"
                + " org.jnas.eval.djl.ConvolutionCheck' exits 0 with it.");
        return State.NATIVE_AFTER_FAILED_CHECK;
    }

    /**
     * Runs the check on a fresh thread with one OpenMP thread, leaving the caller's thread settings and the count
     * later threads start with alone.
     */
    private static Optional<String> onOwnThread(java.util.function.Supplier<Optional<String>> check) {
        @SuppressWarnings("unchecked")
        Optional<String>[] result = new Optional[] {Optional.empty()};
        RuntimeException[] failure = new RuntimeException[1];
        Thread t = new Thread(() -> {
            int before = Threads.libtorchDefault();
            try {
                JniUtils.setNumThreads(1);
                result[0] = check.get();
            } catch (RuntimeException e) {
                failure[0] = e;
            } finally {
                JniUtils.setNumThreads(before); // libtorch starts threads created later with the last count set
            }
        }, "jnas-convolution-check");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking libtorch's convolutions", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    /** The first convolution whose float32 results differ from float64's, described; empty if all agree. */
    static Optional<String> firstWrong() {
        return firstWrong(0);
    }

    /**
     * {in, out, kernel, stride, groups}: 3x3 with 4, 8, 12 and 20 channels (the failing cases on the AMD VM), a strided
     * one that doubles the channels, as a cell network's reduction does, and, for the padded check, what {@link
     * ConvolutionGuard} leaves as it is (1x1, depthwise, an input of 1 to 4 channels), channel counts padding gives
     * (16 to 48, 5x5, strided) and a wide strided input (80 channels: padded to 96 at stride 2).
     */
    static final int[][] SHAPES = {{4, 4, 3, 1, 1}, {8, 8, 3, 1, 1}, {12, 12, 3, 1, 1}, {20, 20, 3, 1, 1},
        {8, 16, 3, 2, 1}, {1, 8, 3, 1, 1}, {3, 20, 5, 1, 1}, {24, 24, 3, 1, 1}, {48, 16, 3, 2, 1}, {16, 48, 5, 1, 1},
        {12, 20, 1, 1, 1}, {20, 12, 1, 2, 1}, {12, 12, 3, 1, 12}, {20, 20, 5, 2, 20}, {80, 16, 3, 2, 1}};

    /** As {@link #firstWrong()}, with {@link ConvolutionGuard}'s padding to multiples of {@code block} (0: none). */
    static Optional<String> firstWrong(int block) {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            manager.getEngine().setRandomSeed(7);
            for (int[] s : SHAPES) {
                int in = s[0];
                int out = s[1];
                int k = s[2];
                int stride = s[3];
                int groups = s[4];
                int size = 12;
                int outSize = (size + 2 * (k / 2) - k) / stride + 1;
                NDArray x = manager.randomNormal(new Shape(4, in, size, size));
                NDArray w = manager.randomNormal(new Shape(out, in / groups, k, k)).div(Math.sqrt(in / groups * k * k));
                NDArray g = manager.randomNormal(new Shape(4, out, outSize, outSize));
                NDArray[] single = convolve(x, w, g, stride, groups, block);
                NDArray[] dbl = convolve(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true),
                        g.toType(DataType.FLOAT64, true), stride, groups, 0);
                String[] part = {"output", "input gradient", "weight gradient"};
                for (int i = 0; i < 3; i++) {
                    double err = relativeError(single[i], dbl[i]);
                    if (!(err <= TOLERANCE)) {
                        return Optional.of(String.format(Locale.ROOT, "the %s of a %d-to-%d-channel %dx%d%s"
                                + " convolution (stride %d) is off by %s", part[i], in, out, k, k,
                                groups > 1 ? " depthwise" : "", stride,
                                Double.isNaN(err) ? "NaN" : String.format(Locale.ROOT, "%.2g relative", err)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Output, input gradient and weight gradient of a same-padded convolution, as {@link ConvolutionGuard} runs it. */
    static NDArray[] convolve(NDArray x0, NDArray w0, NDArray g, int stride, int groups, int block) {
        NDArray x = x0.duplicate();
        NDArray w = w0.duplicate();
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        int pad = (int) w.getShape().get(3) / 2;
        NDArray y;
        try (Autograd.Scope rec = Autograd.record()) {
            y = ConvolutionGuard.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1),
                    groups, block);
            rec.backward(y.mul(g).sum());
        }
        return new NDArray[] {y, x.getGradient(), w.getGradient()};
    }

    /**
     * Checks the convolutions of this process as it was started (no fallback) and exits 0 if they are correct as
     * they are or with {@link ConvolutionGuard}'s padding (stdout says which: {@code exact} or {@code padded}), 1 if
     * not (the finding on stderr): how {@code ./jnas} picks, once per machine, an {@code ONEDNN_MAX_CPU_ISA} under
     * which oneDNN is correct here, since oneDNN reads that variable only when it starts.
     */
    public static void main(String[] args) {
        org.jnas.Jnas.init();
        LibtorchWarning.spend();
        Optional<String> wrong = onOwnThread(ConvolutionCheck::firstWrong);
        if (wrong.isEmpty()) {
            System.out.println("exact");
            System.exit(0);
        }
        Optional<String> padded = onOwnThread(() -> firstWrong(ConvolutionGuard.BLOCK));
        if (padded.isEmpty()) {
            System.out.println("padded");
            System.exit(0);
        }
        System.err.println("oneDNN convolutions are wrong here: " + wrong.get() + "; with channels padded to multiples"
                + " of " + ConvolutionGuard.BLOCK + ": " + padded.get());
        System.exit(1);
    }

    /** max |a - b| / max |b| over all elements, in float64; NaN if {@code a} holds a NaN or infinity. */
    static double relativeError(NDArray a, NDArray b) {
        NDArray a64 = a.toType(DataType.FLOAT64, false);
        if (a64.isNaN().logicalOr(a64.isInfinite()).any().getBoolean()) {
            return Double.NaN;
        }
        double scale = b.abs().max().getDouble();
        return a64.sub(b).abs().max().getDouble() / Math.max(scale, 1e-30);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException | RuntimeException e) {
            return "unknown CPU";
        }
    }
}
