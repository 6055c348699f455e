package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notebooks executed the way users and CI execute them ({@code jupyter nbconvert --execute}) on the jnas kernel,
 * and the kernel's exit when the Jupyter process that started it disappears.
 */
class NotebookExecutionTest {
    @TempDir
    static Path temp;
    static JupyterHarness jupyter;

    @BeforeAll
    static void install() throws Exception {
        jupyter = new JupyterHarness(temp);
    }

    /** An nbformat 4 notebook for the jnas kernel with one code cell per source. */
    static Path notebook(String name, List<String> cells) throws Exception {
        ObjectNode nb = JupyterHarness.JSON.createObjectNode();
        nb.put("nbformat", 4).put("nbformat_minor", 5);
        ObjectNode spec = nb.putObject("metadata").putObject("kernelspec");
        spec.put("name", "jnas").put("display_name", "Java (jnas)").put("language", "java");
        ArrayNode list = nb.putArray("cells");
        int id = 0;
        for (String source : cells) {
            ObjectNode cell = list.addObject();
            cell.put("cell_type", "code").put("id", "c" + id++).put("source", source);
            cell.putObject("metadata");
            cell.putArray("outputs");
            cell.putNull("execution_count");
        }
        Path path = temp.resolve(name + ".ipynb");
        JupyterHarness.JSON.writeValue(path.toFile(), nb);
        return path;
    }

    private String execute(Path notebook, Path executed) throws Exception {
        return jupyter.run(List.of("jupyter", "nbconvert", "--to", "notebook", "--execute",
                "--ExecutePreprocessor.timeout=120", "--output", executed.toString(), notebook.toString()), null, 300);
    }

    @Test
    void jupyterListsTheInstalledKernelSpec() throws Exception {
        JsonNode specs = JupyterHarness.JSON.readTree(
                jupyter.run(List.of("jupyter", "kernelspec", "list", "--json"), null, 60)).get("kernelspecs");
        JsonNode spec = specs.get("jnas").get("spec");
        assertEquals("Java (jnas)", spec.get("display_name").asText());
        assertEquals("java", spec.get("language").asText());
        assertEquals("message", spec.get("interrupt_mode").asText(), "SIGINT would kill the JVM");
        List<String> argv = new java.util.ArrayList<>();
        spec.get("argv").forEach(a -> argv.add(a.asText()));
        assertTrue(Path.of(argv.get(0)).isAbsolute() && Files.isExecutable(Path.of(argv.get(0))), argv.get(0));
        String classPath = argv.get(argv.indexOf("-cp") + 1);
        for (String entry : classPath.split(":")) {
            Path p = Path.of(entry.replace("/*", ""));
            assertTrue(p.isAbsolute() && Files.exists(p), "class path entry " + entry);
        }
        assertEquals("{connection_file}", argv.get(argv.size() - 1));
    }

    @Test
    void aNotebookExecutesWithRichOutputsByMimeType() throws Exception {
        Path nb = notebook("rich", List.of(
                "System.out.println(\"training...\");",
                "tech.tablesaw.api.Table.create(\"history\", tech.tablesaw.api.DoubleColumn.create(\"accuracy\", 0.5, 0.75))",
                "new SearchProgress(\"Evolution\", 3, 10, \"accuracy\", 0.75, java.time.Duration.ofSeconds(30))",
                "Spaces.nasBench201().size()"));
        Path out = temp.resolve("rich-out.ipynb");
        execute(nb, out);
        JsonNode cells = JupyterHarness.JSON.readTree(out.toFile()).get("cells");
        JsonNode stream = cells.get(0).get("outputs").get(0);
        assertEquals("stream", stream.get("output_type").asText());
        assertEquals("training...\n", text(stream.get("text")));
        JsonNode table = cells.get(1).get("outputs").get(0).get("data");
        assertTrue(text(table.get("text/html")).contains(">accuracy</th>"), table.toString());
        JsonNode progress = cells.get(2).get("outputs").get(0).get("data");
        assertTrue(text(progress.get("text/html")).contains("jnas-progress"), progress.toString());
        assertTrue(text(progress.get("text/plain")).startsWith("Evolution: 3/10 trials"), progress.toString());
        assertEquals("15625", text(cells.get(3).get("outputs").get(0).get("data").get("text/plain")));
    }

    @Test
    void libtorchsDeprecationWarningDoesNotReachTheTerminalButOtherStderrDoes() throws Exception {
        // a real (tiny) training trial in a cell: the first NDArray.set is where libtorch would print it
        Path nb = notebook("quiet", List.of(
                "var data = Datasets.fashionMnist().limit(128, 64);",
                "var space = CellSpace.builder(\"tiny\").inputs(1).nodes(2).ops(\"skip_connect\", \"nor_conv_3x3\")"
                        + ".build();",
                "var cell = space.freeze(space.fromArchString(\"|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|\"));",
                "TrainingEvaluator.builder(data).network(new NetworkBuilder().channels(4).cellsPerStage(1))"
                        + ".batchSize(64).threads(1).latency(null).build()"
                        + ".evaluate(cell, 1.0, 3).metric(\"accuracy\") >= 0",
                // the kernel's own fd 2 (System.err goes to the notebook): what reaches the terminal running Jupyter
                "var fd2 = new java.io.FileOutputStream(java.io.FileDescriptor.err);"
                        + " fd2.write(\"kernel-fd2-after-training\\n\".getBytes()); fd2.flush();"));
        execute(nb, temp.resolve("quiet-out.ipynb"));
        String err = jupyter.lastStderr;
        assertFalse(err.contains("AutoNonVariableTypeMode"), err);
        assertTrue(err.contains("kernel-fd2-after-training"), err);
    }

    @Test
    void aFailingCellFailsTheNotebookRun() throws Exception {
        Path nb = notebook("failing", List.of("int ok = 1;", "String broken = ok;"));
        var failure = assertThrows(JupyterHarness.CommandFailed.class, () -> execute(nb, temp.resolve("f-out.ipynb")));
        assertTrue(failure.stderr.contains("CompileError"), failure.stderr);
        assertTrue(failure.stderr.contains("String broken = ok;"), failure.stderr);
    }

    @Test
    void theKernelExitsWhenJupyterGoesAway() throws Exception {
        String out = jupyter.run(List.of("/usr/bin/python3",
                jupyter.kernelDir.resolve("src/test/python/drive_kernel.py").toString(), "--orphan", "jnas"), null, 120);
        long pid = Long.parseLong(out.strip());
        Optional<ProcessHandle> kernel = ProcessHandle.of(pid);
        if (kernel.isPresent()) {
            try {
                kernel.get().onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                kernel.get().destroyForcibly();
            }
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "kernel " + pid + " still runs " + Duration.ofSeconds(15) + " after its Jupyter died");
    }

    /** nbformat stores multi-line text as a string or a list of lines. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            StringBuilder sb = new StringBuilder();
            node.forEach(n -> sb.append(n.asText()));
            return sb.toString();
        }
        return node.asText();
    }
}
