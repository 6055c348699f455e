package org.jnas.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Jupyter machinery from Debian (/usr/bin/python3 with jupyter_client, jupyter nbconvert) against
 * the built kernel, installed by kernel/install.sh into a temporary Jupyter folder so the user's own kernel specs
 * and runtime files are neither used nor touched.
 */
final class JupyterHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    final Path kernelDir;
    final Path jupyterHome;
    /** The stderr of the last command {@link #run} ran (with nbconvert: the kernel's own stderr too). */
    volatile String lastStderr = "";

    JupyterHarness(Path tempDir) throws Exception {
        this.kernelDir = Path.of(System.getProperty("jnas.kernel.dir", ".")).toAbsolutePath();
        this.jupyterHome = tempDir.resolve("jupyter");
        if (!Files.exists(kernelDir.resolve("target/jnas-kernel.jar"))) {
            throw new IllegalStateException("the kernel is not packaged; run mvn verify in kernel/ (not mvn test)");
        }
        run(List.of("bash", kernelDir.resolve("install.sh").toString(), "--prefix", jupyterHome.toString()), null, 60);
    }

    /** The environment every Jupyter process of the test gets. */
    ProcessBuilder jupyterProcess(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("JUPYTER_PATH", jupyterHome.resolve("share/jupyter").toString());
        env.put("JUPYTER_DATA_DIR", jupyterHome.resolve("data").toString());
        env.put("JUPYTER_RUNTIME_DIR", jupyterHome.resolve("runtime").toString());
        env.put("JUPYTER_CONFIG_DIR", jupyterHome.resolve("config").toString());
        env.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        env.put("JNAS_MAVEN_OFFLINE", "true"); // %maven must not reach the network from tests
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        return pb;
    }

    /** Sends {@code steps} to a fresh jnas kernel (see drive_kernel.py); one reply per step, then start/shutdown. */
    List<JsonNode> drive(List<Map<String, Object>> steps) throws Exception {
        return drive(steps, Map.of());
    }

    /** {@link #drive(List)} with extra environment variables for the kernel. */
    List<JsonNode> drive(List<Map<String, Object>> steps, Map<String, String> env) throws Exception {
        String input = JSON.writeValueAsString(steps);
        String out = run(List.of("/usr/bin/python3", kernelDir.resolve("src/test/python/drive_kernel.py").toString(),
                "jnas"), input, 600, env);
        List<JsonNode> replies = new ArrayList<>();
        JSON.readTree(out).forEach(replies::add);
        return replies;
    }

    /** Runs a command with the Jupyter environment; fails with its output when it fails. */
    String run(List<String> command, String stdin, long timeoutSeconds) throws Exception {
        return run(command, stdin, timeoutSeconds, Map.of());
    }

    String run(List<String> command, String stdin, long timeoutSeconds, Map<String, String> env) throws Exception {
        ProcessBuilder pb = jupyterProcess(command);
        pb.environment().putAll(env);
        File errFile = Files.createTempFile("jnas-harness", ".err").toFile();
        pb.redirectError(errFile);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " took longer than " + timeoutSeconds + " s");
        }
        String err = Files.readString(errFile.toPath());
        errFile.delete();
        lastStderr = err;
        if (p.exitValue() != 0) {
            throw new CommandFailed(command + " failed (exit " + p.exitValue() + "):\n" + err, err);
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    static final class CommandFailed extends IOException {
        final String stderr;

        CommandFailed(String message, String stderr) {
            super(message);
            this.stderr = stderr;
        }
    }
}
