package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16.1: Jupyter's kernel conformance suite (jupyter_kernel_test, from Debian's python3-jupyter-kernel-test)
 * against the built kernel, with every sample filled in (src/test/python/conformance.py): each reply and each iopub
 * message is validated against the messaging spec. Only the pager test may be skipped (pager payloads are
 * deprecated; jnas sends none).
 */
class ConformanceTest {
    @TempDir
    static Path temp;

    @Test
    void jupyterKernelTestPassesWithEverySample() throws Exception {
        JupyterHarness jupyter = new JupyterHarness(temp);
        Path suite = jupyter.kernelDir.resolve("src/test/python");
        String report;
        try {
            // unittest reports on stderr: fold it into what run() returns
            report = jupyter.run(List.of("bash", "-c", "cd \"$0\" && /usr/bin/python3 -m unittest -v conformance 2>&1",
                    suite.toString()), null, 300, Map.of());
        } catch (JupyterHarness.CommandFailed failed) {
            throw new AssertionError("jupyter_kernel_test failed:\n" + failed.getMessage());
        }
        System.out.println(report);
        assertTrue(report.contains("\nOK (skipped=1)"), report);
        assertTrue(report.contains("test_pager (conformance.JnasKernelTests.test_pager) ... skipped"), report);
        for (String test : List.of("test_clear_output", "test_completion", "test_display_data", "test_error",
                "test_execute_result", "test_execute_stderr", "test_execute_stdout", "test_history", "test_inspect",
                "test_is_complete", "test_kernel_info")) {
            assertTrue(report.contains("." + test + ") ... ok"), test + " did not pass:\n" + report);
        }
    }
}
