package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchCommandTest {
    static final String SPEC = """
            {"space": %s,
             "strategy": {"name": "evolution", "options": {"population": 8, "sampleSize": 3}},
             "evaluator": {"kind": "nasbench201", "dataset": "cifar10"},
             "objectives": [{"maximize": "accuracy"}, {"minimize": "latency_ms_pixel3"}],
             "constraints": [{"metric": "latency_ms_pixel3", "atMost": 20}],
             "budget": {"trials": 40}, "seed": 42, "journal": "runs/evo", "baseline": "run"}
            """;

    private static String run(String... args) {
        PrintStream old = System.out;
        var out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SearchCommand.run(args));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsASpecWithProgressAndReportAndResumesWhenRunAgain(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("evo.json");
        Files.writeString(spec, SPEC.formatted(Spaces.toJson(Spaces.nasBench201())));
        String first = run(spec.toString());
        assertTrue(first.contains("100%") && first.contains("Report: regularized-evolution(population=8")
                && first.contains("vs random search") && first.contains("test accuracy"), first);
        Path journal = dir.resolve("runs/evo/journal.jsonl");
        assertEquals(41, Files.readAllLines(journal).size());
        assertEquals(41, Files.readAllLines(dir.resolve("runs/evo/history.csv")).size());
        // the report and the pictures a notebook shows, as files beside the journal
        assertTrue(Files.readString(dir.resolve("runs/evo/report.txt")).contains("vs random search"));
        for (String picture : List.of("best-so-far", "pareto", "best-architecture")) {
            byte[] png = Files.readAllBytes(dir.resolve("runs/evo/" + picture + ".png"));
            assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', picture);
            assertTrue(Files.readString(dir.resolve("runs/evo/" + picture + ".svg")).contains("<svg"), picture);
        }
        String second = run(spec.toString());
        assertEquals(41, Files.readAllLines(journal).size(), "nothing evaluated twice");
        assertEquals(lastLines(first), lastLines(second));
    }

    private static List<String> lastLines(String out) {
        return out.lines().filter(l -> l.startsWith("  best:") || l.startsWith("  test")).toList();
    }

    @Test
    void badSpecsFailBeforeAnyEvaluationNamingTheField(@TempDir Path dir) {
        String space = "\"nasbench201\"";
        String good = SPEC.formatted(space);
        assertBad(good.replace("\"population\": 8", "\"population\": 1"), "$.strategy.options",
                "population must be at least 2", dir);
        assertBad(good.replace("\"sampleSize\": 3", "\"tournament\": 3"), "$.strategy.options", "tournament", dir);
        assertBad(good.replace("\"evolution\"", "\"annealing\""), "$.strategy.name",
                "known: [random, evolution", dir);
        assertBad(good.replace("\"trials\": 40", "\"trials\": -4"), "$.budget.trials", "positive", dir);
        assertBad(good.replace("\"trials\": 40", "\"epochs\": 4"), "$.budget.epochs", "trials", dir);
        assertBad(good.replace("\"nasbench201\", \"dataset\"", "\"tabular\", \"dataset\""), "$.evaluator.kind",
                "nasbench201", dir);
        assertBad(good.replace("\"cifar10\"", "\"mnist\""), "$.evaluator.dataset", "cifar100", dir);
        assertBad(good.replace("{\"maximize\": \"accuracy\"}", "{\"max\": \"accuracy\"}"), "$.objectives[0]",
                "maximize", dir);
        assertBad(good.replace("\"atMost\": 20", "\"atMost\": \"fast\""), "$.constraints[0]", "number", dir);
        assertBad(good.replace("\"seed\": 42", "\"seed\": 4.2"), "$.seed", "whole", dir);
        assertBad(good.replace("\"seed\": 42", "\"sed\": 42"), "$.sed", "unknown field", dir);
        assertBad(good.replace(space, "\"nasbench101\""), "$.space", "nasbench201", dir);
        assertBad("{\"space\": \"nasbench201\"", "$", "not valid JSON", dir);
        assertBad(good.replace("\"dataset\": \"cifar10\"", "\"path\": \"/nowhere/nb201.csv\""), "$.evaluator",
                "JNAS_NASBENCH201", dir);
        assertTrue(Files.notExists(dir.resolve("runs")), "nothing was evaluated or journaled");
    }

    @Test
    void anEngineThatFailsWhileTheEvaluatorIsBuiltIsNotCalledASpecFault(@TempDir Path dir) throws Exception {
        // seen on a GPU machine whose libtorch did not fit DJL's JNI: "spec field $.evaluator: set_stride is not
        // allowed ..." sent users looking for a mistake in their spec
        EvaluatorKinds.register("engine-that-fails", json -> {
            throw new ai.djl.engine.EngineException("set_stride is not allowed on a Tensor created from .detach()");
        });
        String spec = SPEC.formatted("\"nasbench201\"").replace("\"kind\": \"nasbench201\", \"dataset\": \"cifar10\"",
                "\"kind\": \"engine-that-fails\"");
        var e = assertThrows(ai.djl.engine.EngineException.class, () -> SearchSpec.parse(spec, dir.resolve("x"), dir));
        assertTrue(e.getMessage().startsWith("set_stride"), e.getMessage());
        Path file = dir.resolve("failing.json");
        Files.writeString(file, spec);
        PrintStream old = System.err;
        var err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, SearchCommand.run(new String[] {file.toString()}));
        } finally {
            System.setErr(old);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.contains("libtorch failed before the search started: set_stride"), said);
        assertTrue(!said.contains("spec field"), said);
        assertTrue(Files.notExists(dir.resolve("runs")), "nothing was evaluated or journaled");
    }

    private static void assertBad(String spec, String field, String hint, Path dir) {
        var e = assertThrows(SpecException.class, () -> SearchSpec.parse(spec, dir.resolve("x"), dir));
        assertTrue(e.getMessage().startsWith("spec field " + field + ":") && e.getMessage().contains(hint),
                e.getMessage());
    }
}
