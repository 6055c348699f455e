package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnas.data.Datasets;
import org.jnas.space.Architecture;
import org.jnas.space.CellSpace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch's {@code AutoNonVariableTypeMode is deprecated} warning (and NNPACK's start-up failure, where it fails)
 * does not reach a process's stderr, and nothing else written there is lost. Each case runs in a fresh JVM (the warning is once per process), its real fd 2
 * captured to a file.
 */
class LibtorchWarningTest {
    private static final String WARNING = "AutoNonVariableTypeMode";

    @TempDir
    Path temp;

    @Test
    void withoutSpendingTheWarningIsPrintedByTheFirstSet() throws Exception {
        // the control: proves the trigger is still the one LibtorchWarning spends (so the next test can fail)
        String err = child("control");
        assertTrue(err.contains(WARNING), err);
    }

    @Test
    @Tag("slow")
    void aRealTrialPrintsNoWarningAndOtherStderrStillArrives() throws Exception {
        String err = child("trial");
        assertFalse(err.contains(WARNING), err);
        // nor NNPACK's "Could not initialize NNPACK! Reason: Unsupported hardware." (one per convolution on CPUs
        // where NNPACK cannot start: this trial's one thread sends convolutions its way, see LibtorchWarning)
        assertFalse(err.contains("NNPACK"), err);
        // Java's System.err and raw writes to fd 2, before and after the muted call, all arrive in order
        int a = err.indexOf("java-before");
        int b = err.indexOf("native-after-trial");
        int c = err.indexOf("java-after-trial");
        assertTrue(a >= 0 && b > a && c > b, err);
    }

    @Test
    void costsAsASessionsFirstLibtorchWorkPrintNoNnpackLines() throws Exception {
        // notebook 02 measures latency (batch 1: convolutions libtorch keeps from oneDNN) before any training; on
        // a CPU where NNPACK cannot start, that printed "Could not initialize NNPACK!" once per convolution
        String err = child("costs");
        assertFalse(err.contains("NNPACK"), err);
        assertFalse(err.contains(WARNING), err);
    }

    private String child(String mode) throws Exception {
        Path errFile = temp.resolve(mode + ".err");
        var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Child.class.getName(), mode);
        var pb = new ProcessBuilder(cmd).redirectError(errFile.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM took over 300 s");
        String err = Files.readString(errFile);
        assertEquals(0, p.exitValue(), err);
        return err;
    }

    /** The child JVM: {@code control} (a bare NDArray.set) or {@code trial} (one tiny real training trial). */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            org.jnas.Jnas.init();
            System.err.println("java-before");
            if (args[0].equals("costs")) {
                CellSpace space = CellSpace.builder("tiny").inputs(1).nodes(2)
                        .ops("skip_connect", "nor_conv_3x3", "nor_conv_1x1").build();
                Architecture arch = space.freeze(space.fromArchString(
                        "|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|"));
                var costs = new NetworkBuilder().channels(4).cellsPerStage(1)
                        .costs(arch, org.jnas.eval.cost.Latency.defaults());
                System.out.println(costs);
            } else if (args[0].equals("control")) {
                try (NDManager m = NDManager.newBaseManager()) {
                    m.zeros(new Shape(2)).set(new float[] {1f, 2f});
                }
            } else {
                CellSpace space = CellSpace.builder("tiny").inputs(1).nodes(2)
                        .ops("skip_connect", "nor_conv_3x3").build();
                Architecture arch = space.freeze(space.fromArchString("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|"));
                TrainingEvaluator evaluator = TrainingEvaluator.builder(Datasets.fashionMnist().limit(128, 64))
                        .network(new NetworkBuilder().channels(4).cellsPerStage(1)).epochs(1).batchSize(64)
                        .threads(1).latency(null).build();
                evaluator.evaluate(arch, 1.0, 3);
                var nativeErr = new FileOutputStream(FileDescriptor.err); // fd 2 itself, not System.err
                nativeErr.write("native-after-trial\n".getBytes(StandardCharsets.UTF_8));
                nativeErr.flush();
                System.err.println("java-after-trial");
            }
        }
    }
}
