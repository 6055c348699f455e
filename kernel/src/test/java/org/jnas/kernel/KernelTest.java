package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real jnas kernel, started by jupyter_client from a kernel spec that kernel/install.sh wrote, driven through
 * a session of cells the way a notebook frontend drives it; each test checks one behaviour on its replies.
 */
class KernelTest {
    @TempDir
    static Path temp;
    static JupyterHarness jupyter;
    static final Map<String, JsonNode> REPLY = new LinkedHashMap<>();
    static JsonNode shutdown;

    private static final String PICTURE = """
            class Picture implements org.jnas.render.Displayable {
                public Map<String, Object> mimeBundle() {
                    var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
                    var png = new java.io.ByteArrayOutputStream();
                    try {
                javax.imageio.ImageIO.write(image, "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
                    return Map.of("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/>",
                                  "image/png", png.toByteArray(), "text/plain", "a picture");
                }
            }
            new Picture()""";

    /** A search-like loop that checks for interrupts between trials and returns what it has when stopped. */
    private static final String SEARCH = """
            var progress = LiveProgress.start("Random search", 100000, "accuracy");
            int done = 0;
            double best = 0;
            try {
                while (done < 100000) {
                    Thread.sleep(20);
                    done++;
                    best = Math.max(best, 1 - 1.0 / (done + 1));
                    progress.update(done, best);
                }
            } catch (InterruptedException stopped) {
                // a search ends cleanly and keeps its results so far
            }
            progress.finish(done, best)""";

    /** A real jnas search whose evaluator takes 30 ms a trial: interrupted, it must keep the trials done. */
    private static final String REAL_SEARCH = """
            class SlowScore implements Evaluator {
                public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
                    try {
                        Thread.sleep(30);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new EvaluationFailedException("interrupted", e);
                    }
                    double score = (architecture.sample().toString().hashCode() & 0xffff) / 65535.0;
                    return Evaluation.of(Map.of("accuracy", score), 0.03);
                }
            }
            var result = Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(new SlowScore())
                    .objectives(Objective.maximize("accuracy")).budget(Budget.trials(100_000)).seed(1)
                    .baseline(Baseline.none()).run();""";

    @BeforeAll
    static void runSession() throws Exception {
        jupyter = new JupyterHarness(temp);
        Path jar = buildGreeterJar(temp);
        var steps = new LinkedHashMap<String, String>();
        steps.put("expression", "1 + 1");
        steps.put("println", "System.out.println(\"hello from a cell\");\nint x = 40;\nx + 2");
        steps.put("declaration", "int declaredOnly = 3;");
        steps.put("compileError", "int y = 1;\nString s = 5;");
        steps.put("exception", "void fail() { throw new IllegalStateException(\"boom\"); }\nfail()");
        steps.put("stackOverflow", "int f(int n) { return f(n + 1) + 1; }\nf(0)");
        steps.put("outOfMemory", "long[] huge = new long[Integer.MAX_VALUE - 16]; huge.length");
        steps.put("afterErrors", "\"still alive \" + x");
        steps.put("jnasPreloaded", "Spaces.nasBench201().size()");
        // the start-up imports are one JShell snippet (ShellStart): importing one of them again keeps the others
        steps.put("reimport", "import java.io.*;\nimport org.jnas.space.*;\nRunnable clear = () -> clearOutput();\n"
                + "new ArrayList<File>().size() + \" \" + Spaces.nasBench201().size()");
        steps.put("displayable", PICTURE);
        steps.put("image", "new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        steps.put("table", "tech.tablesaw.api.Table.create(\"scores\", "
                + "tech.tablesaw.api.IntColumn.create(\"trial\", 1, 2, 3))");
        steps.put("displayUpdate", "String id = display(\"first\");\nupdateDisplay(id, \"second\");");
        steps.put("classpath", "%classpath " + jar + "\ndemo.Greeter.hello()");
        steps.put("classpathMissing", "%classpath /no/such/file.jar");
        steps.put("mavenLocal", "%maven org.apache.commons:commons-math3:3.6.1\n"
                + "new org.apache.commons.math3.fraction.Fraction(1, 3).add(1).toString()");
        steps.put("mavenMissing", "%maven org.jnas.nowhere:no-such-artifact:9.9.9");
        steps.put("unknownMagic", "%nosuchmagic");
        List<Map<String, Object>> script = new ArrayList<>();
        steps.forEach((name, code) -> script.add(Map.of("op", "execute", "code", code)));
        var names = new ArrayList<>(steps.keySet());
        // a silent request and one that stores no history (the messaging spec: neither advances execution_count)
        script.add(Map.of("op", "execute", "code", "int quietBase = 6;"));
        names.add("beforeQuiet");
        script.add(Map.of("op", "execute", "code", "int quiet = quietBase * 7;\nquiet", "silent", true));
        names.add("silent");
        script.add(Map.of("op", "execute", "code", "quiet + 1", "store_history", false));
        names.add("unstored");
        script.add(Map.of("op", "execute", "code", "quiet + 2"));
        names.add("afterQuiet");
        // interrupts: a sleep, a busy loop that ignores interrupts, and a search-like loop that ends cleanly
        script.add(Map.of("op", "execute", "code", "Thread.sleep(600_000)", "interrupt_after", 2));
        names.add("interruptSleep");
        script.add(Map.of("op", "execute", "code", "while (true) { x++; }", "interrupt_after", 2));
        names.add("interruptBusyLoop");
        script.add(Map.of("op", "execute", "code", SEARCH, "interrupt_after", 3));
        names.add("interruptSearch");
        script.add(Map.of("op", "execute", "code", "\"after interrupts \" + done"));
        names.add("afterInterrupts");
        script.add(Map.of("op", "execute", "code", REAL_SEARCH, "interrupt_after", 4));
        names.add("realSearch");
        script.add(Map.of("op", "execute", "code", "result.interrupted() + \" \" + result.trials().size()"));
        names.add("realSearchResult");
        script.add(Map.of("op", "complete", "code", "int z = 1;\nMath.ab", "cursor", 18));
        names.add("complete");
        script.add(Map.of("op", "complete", "code", "%cla", "cursor", 4));
        names.add("completeMagic");
        script.add(Map.of("op", "inspect", "code", "Math.max(1, 2)", "cursor", 6));
        names.add("inspect");
        script.add(Map.of("op", "is_complete", "code", "for (int i = 0; i < 3; i++) {"));
        names.add("isCompleteOpen");
        script.add(Map.of("op", "is_complete", "code", "int a = 1;"));
        names.add("isCompleteDone");
        script.add(Map.of("op", "is_complete", "code", "int a = ;"));
        names.add("isCompleteBad");

        List<JsonNode> replies = jupyter.drive(script);
        assertEquals("start", replies.get(0).get("op").asText());
        for (int i = 0; i < names.size(); i++) {
            REPLY.put(names.get(i), replies.get(i + 1));
        }
        shutdown = replies.get(replies.size() - 1);
    }

    /** A jar with one class, compiled here, for %classpath. */
    static Path buildGreeterJar(Path dir) throws Exception {
        Path src = dir.resolve("src/demo/Greeter.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package demo; public class Greeter { public static String hello() { return \"hi from a jar\"; } }");
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), src.toString());
        assertEquals(0, rc, "javac of the test jar");
        Path jar = dir.resolve("greeter.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("demo/Greeter.class"));
            out.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
            out.closeEntry();
        }
        return jar;
    }

    private static List<JsonNode> outputs(String step) {
        List<JsonNode> list = new ArrayList<>();
        REPLY.get(step).get("outputs").forEach(list::add);
        return list;
    }

    private static JsonNode only(String step, String outputType) {
        List<JsonNode> matching = outputs(step).stream()
                .filter(o -> o.get("output_type").asText().equals(outputType)).toList();
        assertEquals(1, matching.size(), step + ": one " + outputType + " in " + outputs(step));
        return matching.get(0);
    }

    private static String status(String step) {
        return REPLY.get(step).get("status").asText();
    }

    private static String traceback(String step) {
        List<String> lines = new ArrayList<>();
        only(step, "error").get("traceback").forEach(l -> lines.add(l.asText()));
        return String.join("\n", lines);
    }

    private static String result(String step) {
        assertEquals("ok", status(step), step + " " + REPLY.get(step));
        return only(step, "execute_result").get("data").get("text/plain").asText();
    }

    @Test
    void lastExpressionIsTheResultAndPrintlnIsAStream() {
        assertEquals("2", result("expression"));
        assertEquals("42", result("println"));
        JsonNode stream = only("println", "stream");
        assertEquals("stdout", stream.get("name").asText());
        assertEquals("hello from a cell\n", stream.get("text").asText());
        assertEquals("ok", status("declaration"));
        assertTrue(outputs("declaration").isEmpty(), "a declaration shows nothing: " + outputs("declaration"));
    }

    @Test
    void compileErrorsShowTheCellLineAndACaret() {
        assertEquals("error", status("compileError"));
        JsonNode error = only("compileError", "error");
        assertEquals("CompileError", error.get("ename").asText());
        String tb = traceback("compileError");
        assertTrue(tb.contains("line 2"), tb);
        String[] lines = tb.split("\n");
        int codeLine = Arrays.asList(lines).indexOf("    String s = 5;");
        assertTrue(codeLine >= 0, tb);
        assertEquals("    " + " ".repeat("String s = ".length()) + "^", lines[codeLine + 1], tb);
    }

    @Test
    void exceptionsShowATrimmedStackTrace() {
        JsonNode error = only("exception", "error");
        assertEquals("java.lang.IllegalStateException: boom", error.get("evalue").asText());
        String tb = traceback("exception");
        assertTrue(tb.startsWith("java.lang.IllegalStateException: boom\n    at fail(cell)"), tb);
        assertFalse(tb.contains("reflect"), "no JShell/reflection plumbing: " + tb);
        assertFalse(tb.contains("CellExecutionControl"), tb);
    }

    @Test
    void theKernelSurvivesStackOverflowAndOutOfMemory() {
        String overflow = traceback("stackOverflow");
        assertTrue(overflow.startsWith("java.lang.StackOverflowError"), overflow);
        assertTrue(overflow.split("\n").length < 10, "repeated frames collapsed: " + overflow);
        assertTrue(traceback("outOfMemory").startsWith("java.lang.OutOfMemoryError"), traceback("outOfMemory"));
        assertEquals("still alive 40", result("afterErrors"));
    }

    @Test
    void jnasIsOnTheClassPathAndImported() {
        assertEquals("15625", result("jnasPreloaded"));
    }

    @Test
    void importingAStartUpImportAgainKeepsTheOthers() {
        assertEquals("0 15625", result("reimport"));
    }

    @Test
    void silentAndUnstoredRequestsDoNotAdvanceTheExecutionCount() {
        int before = count("beforeQuiet");
        // silent: it ran (the cells after it see its variable), yet nothing was broadcast and the count stayed
        assertEquals("ok", status("silent"), REPLY.get("silent").toString());
        assertEquals(before, count("silent"));
        assertEquals(List.of(), inputCounts("silent"));
        assertEquals(List.of(), outputs("silent"), "a silent request broadcasts no result");
        // store_history false: input and result broadcast as usual, under the current count
        assertEquals("43", result("unstored"));
        assertEquals(before, count("unstored"));
        assertEquals(List.of(before), inputCounts("unstored"));
        assertEquals("44", result("afterQuiet"));
        assertEquals(before + 1, count("afterQuiet"));
        assertEquals(List.of(before + 1), inputCounts("afterQuiet"));
    }

    private static int count(String step) {
        return REPLY.get(step).get("execution_count").asInt();
    }

    private static List<Integer> inputCounts(String step) {
        List<Integer> counts = new ArrayList<>();
        REPLY.get(step).get("input_counts").forEach(n -> counts.add(n.asInt()));
        return counts;
    }

    @Test
    void displayablesRenderWithTheirOwnMimeTypes() {
        JsonNode data = only("displayable", "execute_result").get("data");
        assertTrue(data.get("image/svg+xml").asText().startsWith("<svg"), data.toString());
        byte[] png = Base64.getDecoder().decode(data.get("image/png").asText());
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        assertEquals("a picture", data.get("text/plain").asText());
    }

    @Test
    void imagesRenderAsPngAndTablesAsHtml() {
        JsonNode image = only("image", "execute_result").get("data");
        byte[] png = Base64.getDecoder().decode(image.get("image/png").asText().replaceAll("\\s", ""));
        assertEquals('P', png[1]);
        JsonNode table = only("table", "execute_result").get("data");
        String html = table.get("text/html").asText();
        assertTrue(html.startsWith("<table") && html.contains(">trial</th>") && html.contains(">3</td>"), html);
        assertTrue(table.get("text/plain").asText().contains("trial"), table.toString());
    }

    @Test
    void displayAndUpdateDisplayShareOneDisplayId() {
        JsonNode shown = only("displayUpdate", "display_data");
        JsonNode updated = only("displayUpdate", "update_display_data");
        assertEquals("first", shown.get("data").get("text/plain").asText());
        assertFalse(shown.get("display_id").isNull(), "display() gives the output an id: " + shown);
        assertEquals(shown.get("display_id").asText(), updated.get("display_id").asText());
        assertEquals("second", updated.get("data").get("text/plain").asText());
    }

    @Test
    void classpathMagicAddsAJarBuiltByTheTest() {
        assertEquals("hi from a jar", result("classpath"));
        assertTrue(only("classpath", "stream").get("text").asText().startsWith("added to the class path"));
        JsonNode missing = only("classpathMissing", "error");
        assertTrue(missing.get("evalue").asText().contains("/no/such/file.jar"), missing.toString());
        assertTrue(only("unknownMagic", "error").get("evalue").asText().contains("%classpath"),
                "lists the known magics");
    }

    @Test
    void mavenMagicResolvesFromTheLocalRepositoryOrSaysWhyNot() {
        assertEquals("4 / 3", result("mavenLocal"));
        String why = only("mavenMissing", "error").get("evalue").asText();
        assertTrue(why.contains("could not resolve org.jnas.nowhere:no-such-artifact:9.9.9 from the local repository"),
                why);
        assertTrue(why.contains("%classpath"), "says what to do instead: " + why);
    }

    @Test
    void interruptStopsSleepsAndBusyLoopsAndTheNextCellRuns() {
        assertEquals("Interrupted", only("interruptSleep", "error").get("ename").asText());
        assertEquals("Interrupted", only("interruptBusyLoop", "error").get("ename").asText());
        assertTrue(REPLY.get("interruptSleep").get("seconds").asDouble() < 10);
        assertTrue(result("afterInterrupts").startsWith("after interrupts "));
    }

    @Test
    void anInterruptedSearchEndsCleanlyWithItsResultsSoFar() {
        String progress = result("interruptSearch");
        assertTrue(progress.startsWith("Random search: "), progress);
        int done = Integer.parseInt(progress.substring("Random search: ".length(), progress.indexOf('/')));
        assertTrue(done > 10, "trials before the interrupt are kept: " + progress);
        // the live display was drawn once and redrawn in place, not printed per trial
        assertEquals(1, outputs("interruptSearch").stream()
                .filter(o -> o.get("output_type").asText().equals("display_data")).count());
        assertTrue(outputs("interruptSearch").stream()
                .anyMatch(o -> o.get("output_type").asText().equals("update_display_data")
                        && o.get("data").get("text/html").asText().contains("jnas-progress")));
        assertTrue(outputs("interruptSearch").stream().anyMatch(o -> o.get("output_type").asText().equals("stream")
                && o.get("text").asText().contains("interrupted")), "says the cell ended early");
        assertEquals("after interrupts " + done, result("afterInterrupts"));
    }

    @Test
    void anInterruptedJnasSearchKeepsItsTrialsAndShowedLiveProgress() {
        assertEquals("ok", status("realSearch"), REPLY.get("realSearch").toString());
        String[] summary = result("realSearchResult").split(" ");
        assertEquals("true", summary[0], "the result says it was interrupted");
        int trials = Integer.parseInt(summary[1]);
        assertTrue(trials > 3 && trials < 100_000, "trials before the interrupt are kept: " + trials);
        assertEquals(1, outputs("realSearch").stream()
                .filter(o -> o.get("output_type").asText().equals("display_data")).count(), "one live display");
        List<JsonNode> frames = outputs("realSearch").stream()
                .filter(o -> o.get("output_type").asText().equals("update_display_data")).toList();
        assertTrue(frames.size() > 1, "redrawn in place while it ran");
        String lastFrame = frames.get(frames.size() - 1).get("data").get("text/plain").asText();
        assertTrue(lastFrame.contains(": " + trials + "/100000 trials"), "the last frame shows the trials kept: "
                + lastFrame);
    }

    @Test
    void completionInspectionAndIsComplete() {
        JsonNode complete = REPLY.get("complete");
        List<String> matches = new ArrayList<>();
        complete.get("matches").forEach(m -> matches.add(m.asText()));
        assertTrue(matches.contains("abs("), matches.toString());
        assertEquals(16, complete.get("cursor_start").asInt());
        List<String> magics = new ArrayList<>();
        REPLY.get("completeMagic").get("matches").forEach(m -> magics.add(m.asText()));
        assertEquals(List.of("%classpath"), magics);
        JsonNode inspect = REPLY.get("inspect");
        assertTrue(inspect.get("found").asBoolean(), inspect.toString());
        assertTrue(inspect.get("data").get("text/plain").asText().contains("max(int a, int b)"), inspect.toString());
        assertEquals("incomplete", REPLY.get("isCompleteOpen").get("status").asText());
        assertEquals("    ", REPLY.get("isCompleteOpen").get("indent").asText());
        assertEquals("complete", REPLY.get("isCompleteDone").get("status").asText());
        assertEquals("invalid", REPLY.get("isCompleteBad").get("status").asText());
    }

    @Test
    void theKernelProcessEndsOnShutdown() {
        assertFalse(shutdown.get("alive_after").asBoolean());
    }
}
