package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jnas.util.Json;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./jnas search} with the training evaluator, as a user runs it: a real JVM training real networks on
 * Fashion-MNIST, killed with SIGKILL mid-search, started again with the same command, and compared with an
 * uninterrupted run of the same spec. Training is seeded and runs on one CPU thread per trial, so the same seed
 * gives the same trials (accuracies, losses, parameters) on this machine; only timings differ.
 */
class TrainSearchKillTest {
    static final int TRIALS = 7;
    static final String SPEC = """
            {"space": "nasbench201",
             "strategy": {"name": "evolution", "options": {"population": 3, "sampleSize": 2}},
             "evaluator": {"kind": "train", "data": {"trainLimit": 384, "validationLimit": 256},
                           "network": {"channels": 4}, "batchSize": 64, "threads": 1, "latency": false},
             "objectives": [{"maximize": "accuracy"}, {"minimize": "params"}],
             "budget": {"trials": %d}, "seed": 11, "baseline": "none", "finalEvaluation": "sameWeights"}
            """.formatted(TRIALS);

    /** {@code ./jnas search spec} in its own JVM (the CLI's entry point, this test's class path). */
    private static Process search(Path spec) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx1g", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "search", spec.toString());
        pb.directory(new File(System.getProperty("user.dir")));
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("OPT_OUT_TRACKING", "true");
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(spec.resolveSibling(spec.getFileName() + ".log").toFile()));
        return pb.start();
    }

    @Test
    @Tag("slow")
    void aTrainingSearchKilledWithSigkillResumesLosingAndRepeatingNoTrialAndEndsAsAnUninterruptedRun(
            @TempDir Path dir) throws Exception {
        Path spec = dir.resolve("killed.json");
        Files.writeString(spec, SPEC);
        Path journal = dir.resolve("killed.runs/journal.jsonl");

        Process first = search(spec);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (trialLines(journal).size() < 3 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(first.isAlive(), "the search ended before it could be killed: " + log(spec));
        first.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, first.exitValue(), "killed by SIGKILL");
        List<String> atKill = trialLines(journal);
        assertTrue(atKill.size() >= 3 && atKill.size() < TRIALS, "trials journaled at the kill: " + atKill.size());
        assertTrue(Files.notExists(dir.resolve("killed.runs/report.txt")), "it was killed before its report");

        Process again = search(spec);
        assertTrue(again.waitFor(300, TimeUnit.SECONDS), "the resumed search did not finish: " + log(spec));
        assertEquals(0, again.exitValue(), log(spec));
        assertTrue(log(spec).contains("resuming: " + atKill.size() + " trials replayed from the journal"), log(spec));
        List<String> resumed = trialLines(journal);
        assertEquals(atKill, resumed.subList(0, atKill.size()), "the journaled trials are kept as they were");
        assertEquals(TRIALS, resumed.size(), "one line per trial");
        var ids = new HashSet<Integer>();
        for (String line : resumed) {
            assertTrue(ids.add(Json.COMPACT.readTree(line).get("trial").get("id").asInt()), "trial run twice: " + line);
        }

        Path cleanSpec = dir.resolve("clean.json");
        Files.writeString(cleanSpec, SPEC);
        Process clean = search(cleanSpec);
        assertTrue(clean.waitFor(300, TimeUnit.SECONDS), "the uninterrupted search did not finish: " + log(cleanSpec));
        assertEquals(0, clean.exitValue(), log(cleanSpec));
        assertEquals(withoutTimings(trialLines(dir.resolve("clean.runs/journal.jsonl"))), withoutTimings(resumed),
                "same seed, same trials (architectures, seeds, accuracies, losses, parameters)");
        assertEquals(chosen(dir.resolve("clean.runs/report.txt")), chosen(dir.resolve("killed.runs/report.txt")));
        for (String file : List.of("best-so-far.png", "best-so-far.svg", "pareto.png", "pareto.svg",
                "best-architecture.png", "best-architecture.svg", "history.csv")) {
            assertTrue(Files.size(dir.resolve("killed.runs/" + file)) > 100, file);
        }
    }

    @Test
    @Tag("slow")
    void aTrainingSearchStoppedWithSigtermStopsMidTrialWritesItsReportAndResumes(@TempDir Path dir) throws Exception {
        int trials = 4;
        Path spec = dir.resolve("stopped.json");
        // trials of about 3 s, so that the signal lands in one's training
        Files.writeString(spec, SPEC.replace("\"trainLimit\": 384", "\"trainLimit\": 3072")
                .replace("\"trials\": " + TRIALS, "\"trials\": " + trials));
        Path journal = dir.resolve("stopped.runs/journal.jsonl");
        Path workDir = Path.of(System.getProperty("user.dir"));
        List<Path> crashLogsBefore = crashLogs(workDir);

        Process first = search(spec);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (trialLines(journal).isEmpty() && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(500); // into the second trial's training
        assertTrue(first.isAlive(), "the search ended before it could be stopped: " + log(spec));
        long signalled = System.nanoTime();
        first.destroy(); // SIGTERM on Linux, as Ctrl-C's SIGINT: the shutdown hook runs
        // the search's result line, printed once the trials have stopped and before the report
        long giveUp = signalled + TimeUnit.SECONDS.toNanos(60); // as the exit's wait below: a hang fails, not hangs
        while (!log(spec).contains("(interrupted)") && first.isAlive() && System.nanoTime() < giveUp) {
            Thread.sleep(20);
        }
        double stopSeconds = (System.nanoTime() - signalled) / 1e9;
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "no exit after SIGTERM: " + log(spec));
        double exitSeconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(143, first.exitValue(), "ended by SIGTERM: " + log(spec));
        String stoppedLog = log(spec);
        assertTrue(stoppedLog.contains("jnas search: stopping; the trials finished so far are in"), stoppedLog);
        assertFalse(stoppedLog.contains("A fatal error has been detected"), stoppedLog);
        assertEquals(crashLogsBefore, crashLogs(workDir), "no JVM crash log (hs_err_pid*.log) was written");
        // how soon a trial stops after an interrupt (at its next batch) is TrainingEvaluatorTest's; here, the search
        assertTrue(stopSeconds < 10, "the search's trials stopped " + stopSeconds + " s after SIGTERM");
        List<String> atStop = trialLines(journal);
        assertTrue(atStop.size() >= 1 && atStop.size() < trials, "trials journaled at the stop: " + atStop.size());
        for (String line : atStop) {
            JsonNode error = Json.COMPACT.readTree(line).get("trial").get("error");
            assertTrue(error == null || error.isNull(), "the stopped trial is not journaled as failed: " + line);
        }
        String stoppedReport = Files.readString(dir.resolve("stopped.runs/report.txt"));
        assertTrue(stoppedReport.contains("INTERRUPTED"), "the report of the trials so far is written, marked"
                + " interrupted: " + stoppedReport);
        // a stop trains nothing more: no final evaluation of the chosen architecture (its 3 trainings would take as
        // long as the trials themselves), and the report says so
        assertTrue(stoppedReport.contains("not measured: the search was interrupted"), stoppedReport);
        assertTrue(exitSeconds < stopSeconds + 15, "the JVM exited " + exitSeconds + " s after SIGTERM, its trials"
                + " " + stopSeconds + " s after it: something ran after the stop");
        assertTrue(Files.size(dir.resolve("stopped.runs/pareto.png")) > 100, "and its pictures: " + stoppedLog);
        assertFalse(stoppedLog.contains("Exception"), stoppedLog);

        Process again = search(spec);
        assertTrue(again.waitFor(300, TimeUnit.SECONDS), "the resumed search did not finish: " + log(spec));
        assertEquals(0, again.exitValue(), log(spec));
        assertTrue(log(spec).contains("resuming: " + atStop.size() + " trial" + (atStop.size() == 1 ? "" : "s")
                + " replayed from the journal"), log(spec));
        assertEquals(trials, trialLines(journal).size(), "the stopped trial ran again on resume, once");
    }

    /** The JVM crash logs (hs_err_pid*.log) in {@code dir}, sorted. */
    static List<Path> crashLogs(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("hs_err_pid")).sorted().toList();
        }
    }

    private static List<String> trialLines(Path journal) throws Exception {
        if (!Files.exists(journal)) {
            return List.of();
        }
        // complete lines only: a SIGKILL may land while a line is being written
        String text = Files.readString(journal);
        List<String> lines = new ArrayList<>(text.lines().filter(l -> l.startsWith("{\"toldBefore\"")).toList());
        if (!text.endsWith("\n") && !lines.isEmpty() && text.endsWith(lines.get(lines.size() - 1))) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** The trials without what the clock decides: cost seconds and training throughput. */
    private static List<JsonNode> withoutTimings(List<String> lines) throws Exception {
        var out = new ArrayList<JsonNode>();
        for (String line : lines) {
            ObjectNode trial = (ObjectNode) Json.COMPACT.readTree(line).get("trial");
            trial.remove("costSeconds");
            ((ObjectNode) trial.get("metrics")).remove("images_per_s");
            out.add(trial);
        }
        return out;
    }

    /** The report's lines on the chosen architecture and its test score, less the cost in seconds. */
    private static List<String> chosen(Path report) throws Exception {
        return Files.readAllLines(report).stream().filter(l -> l.startsWith("  best:") || l.startsWith("  test"))
                .map(l -> l.replaceAll("\\([0-9.]+s\\)", "")).toList();
    }

    private static String log(Path spec) throws Exception {
        Path log = spec.resolveSibling(spec.getFileName() + ".log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
