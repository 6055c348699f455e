package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnas.Jnas;
import org.junit.jupiter.api.Test;

/**
 * What a user relies on without knowing it: once jnas has prepared libtorch, CPU convolutions compute the right
 * outputs and gradients, whatever the channel count. On an AMD EPYC (Zen 5) machine, oneDNN 3.7.1 got the input
 * gradient wrong (garbage or NaN) for every channel count that is not a multiple of its SIMD block; this test failed
 * there with {@code JNAS_ONEDNN=on} (oneDNN kept) and passes with the fallback.
 */
class ConvolutionCheckTest {

    /** {in, out, kernel, stride}: the shapes of cell networks and more (odd channel counts, 5x5, 1x1). */
    private static final int[][] SHAPES = {{1, 8, 3, 1}, {3, 3, 3, 1}, {4, 4, 3, 1}, {6, 6, 3, 1}, {8, 8, 3, 1},
        {12, 12, 3, 1}, {16, 16, 3, 1}, {20, 20, 3, 1}, {8, 8, 5, 1}, {8, 16, 1, 1}, {8, 16, 3, 2}, {24, 24, 3, 1}};

    @Test
    void convolutionsAreRightForEveryChannelCountOnOneAndTwoThreads() throws Exception {
        Jnas.init();
        Libtorch.prepare();
        assertNotEquals(ConvolutionCheck.State.UNCHECKED, ConvolutionCheck.state());
        for (int threads : new int[] {1, 2}) {
            List<String> wrong = new ArrayList<>();
            Thread t = new Thread(() -> {
                JniUtils.setNumThreads(threads);
                try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                    m.getEngine().setRandomSeed(11);
                    for (int rep = 0; rep < 3; rep++) { // on two threads the fault showed on some calls only
                        for (int[] s : SHAPES) {
                            check(m, s).ifPresent(wrong::add);
                        }
                    }
                }
            });
            t.start();
            t.join();
            assertEquals(List.of(), wrong, "on " + threads + " thread(s), with " + ConvolutionCheck.describe());
        }
    }

    @Test
    void theCheckThatDecidesIsTheOneThisTestTrusts() {
        Jnas.init();
        Libtorch.prepare();
        // after prepare(), whatever it decided, the check itself passes in this process
        assertEquals(java.util.Optional.empty(), ConvolutionCheck.firstWrong(ConvolutionCheck.paddingBlock()),
                ConvolutionCheck.describe());
        assertTrue(ConvolutionCheck.describe().startsWith("CPU convolutions: "), ConvolutionCheck.describe());
    }

    @Test
    void theCheckAsAProgramExitsZeroWhereOneDnnIsCappedAtSse41() throws Exception {
        // how ./jnas picks an ISA: this JVM-per-candidate program; SSE41 was the correct cap on the failing CPU
        Run run = runCheck("SSE41");
        assertEquals(0, run.exit(), run.out());
        assertEquals("exact", run.lastLine(), "SSE41 is right without padding: " + run.out());
    }

    @Test
    void theCheckAsAProgramSaysWhetherOneDnnIsRightAsItIsOrPadded() throws Exception {
        // what ./jnas's choice reads: exit 0 and "exact" or "padded" on its last line, or exit 1
        Run run = runCheck(null);
        if (run.exit() == 0) {
            assertTrue(run.lastLine().equals("exact") || run.lastLine().equals("padded"), run.out());
        } else {
            assertEquals(1, run.exit(), run.out());
        }
    }

    /** What the check program printed on stdout (stderr discarded) and its exit status. */
    private record Run(int exit, String out) {
        String lastLine() {
            return out.substring(out.lastIndexOf('\n') + 1);
        }
    }

    /** Runs {@link ConvolutionCheck} as ./jnas does, in its own JVM, oneDNN capped at {@code isa} (null: no cap). */
    private static Run runCheck(String isa) throws Exception {
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), ConvolutionCheck.class.getName());
        var pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        if (isa == null) {
            pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        } else {
            pb.environment().put("ONEDNN_MAX_CPU_ISA", isa);
        }
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check took over 120 s");
        return new Run(p.exitValue(), out);
    }

    @Test
    void aBadSettingIsRefusedWithTheValuesThatWork() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ConvolutionCheck.mode("maybe"));
        assertTrue(e.getMessage().contains("'maybe'") && e.getMessage().contains("auto")
                && e.getMessage().contains("on") && e.getMessage().contains("off"), e.getMessage());
        assertEquals("off", ConvolutionCheck.mode(" OFF "));
        assertEquals("auto", ConvolutionCheck.mode(null));
    }

    /** Output, input gradient and weight gradient of one float32 convolution against float64's; empty if right. */
    private static java.util.Optional<String> check(NDManager m, int[] s) {
        int size = 14;
        int out = (size + 2 * (s[2] / 2) - s[2]) / s[3] + 1;
        NDArray x = m.randomNormal(new Shape(16, s[0], size, size));
        NDArray w = m.randomNormal(new Shape(s[1], s[0], s[2], s[2])).div(Math.sqrt(s[0] * s[2] * s[2]));
        NDArray g = m.randomNormal(new Shape(16, s[1], out, out));
        // as jnas runs them: padded where this process pads (ConvolutionGuard), against float64 (never padded)
        NDArray[] f = ConvolutionCheck.convolve(x, w, g, s[3], 1, ConvolutionCheck.paddingBlock());
        NDArray[] d = ConvolutionCheck.convolve(x.toType(DataType.FLOAT64, true), w.toType(DataType.FLOAT64, true),
                g.toType(DataType.FLOAT64, true), s[3], 1, 0);
        String[] part = {"output", "input gradient", "weight gradient"};
        for (int i = 0; i < 3; i++) {
            double err = ConvolutionCheck.relativeError(f[i], d[i]);
            if (!(err <= ConvolutionCheck.TOLERANCE)) {
                return java.util.Optional.of(part[i] + " of " + java.util.Arrays.toString(s) + " off by " + err);
            }
        }
        return java.util.Optional.empty();
    }
}
