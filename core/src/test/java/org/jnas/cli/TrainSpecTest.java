package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jnas.eval.djl.Devices;
import org.jnas.space.CellSpace;
import org.jnas.space.Choice;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "train" evaluator kind of a search spec: every field checked, naming its JSON path, before anything trains. */
class TrainSpecTest {
    static final String SPEC = """
            {"space": "nasbench201",
             "strategy": {"name": "evolution", "options": {"population": 4, "sampleSize": 2}},
             "evaluator": {"kind": "train",
                           "data": {"name": "fashion-mnist", "trainLimit": 512, "validationLimit": 256},
                           "network": {"channels": 4, "cellsPerStage": 1}, "epochs": 1, "fidelity": "epochs",
                           "batchSize": 64, "optimizer": {"name": "adam", "learningRate": 0.001},
                           "schedule": "constant", "devices": "cpu", "threads": 1, "latency": false},
             "objectives": [{"maximize": "accuracy"}, {"minimize": "params"}],
             "budget": {"trials": 6}, "seed": 7, "baseline": "none", "finalEvaluation": "sameWeights"}
            """;

    @Test
    void aGoodTrainSpecBuildsTheTrainingEvaluatorItDescribes(@TempDir Path dir) {
        SearchSpec spec = SearchSpec.parse(SPEC, dir.resolve("runs"), dir);
        String s = spec.search().toString();
        assertTrue(s.contains("train(fashion-mnist 512/256, 1 epoch, batch 64, adam(lr 0.001)"), s);
        assertTrue(s.contains("budget 6 trials, seed 7, 1 worker(s)"), s);
        assertTrue(spec.search().finalEvaluation().sameWeightsAsTrial());

        var repeated = SearchSpec.parse(SPEC.replace("\"latency\": false", "\"latency\": false, \"repeats\": 2")
                .replace("\"seed\": 7", "\"seed\": 7, \"workers\": 2"), dir.resolve("runs"), dir);
        assertTrue(repeated.search().toString().contains("2 worker(s) on [cpu()] in turn"), repeated.search().toString());
        assertTrue(repeated.search().toString().contains("repeat"), repeated.search().toString());
        assertTrue(Files.notExists(dir.resolve("runs")), "parsing trains and writes nothing");
    }

    @Test
    void everyBadTrainFieldIsNamedByItsPath(@TempDir Path dir) {
        assertBad(SPEC.replace("\"epochs\": 1", "\"epoch\": 1"), "$.evaluator.epoch", "unknown field", dir);
        assertBad(SPEC.replace("\"epochs\": 1", "\"epochs\": 0"), "$.evaluator.epochs", "at least 1", dir);
        assertBad(SPEC.replace("\"epochs\": 1", "\"epochs\": 1.5"), "$.evaluator.epochs", "whole number", dir);
        assertBad(SPEC.replace("\"fashion-mnist\"", "\"imagenet\""), "$.evaluator.data.name", "cifar10", dir);
        assertBad(SPEC.replace("\"name\": \"fashion-mnist\"", "\"name\": \"fashion-mnist\", \"dir\": \"/nowhere\""),
                "$.evaluator.data.dir", "no folder /nowhere", dir);
        assertBad(SPEC.replace("\"name\": \"fashion-mnist\"", "\"name\": \"cifar10\""), "$.evaluator.data.dir",
                "needs \"dir\"", dir);
        assertBad(SPEC.replace("\"trainLimit\": 512", "\"trainLimit\": -1"), "$.evaluator.data.trainLimit", ">= 0",
                dir);
        assertBad(SPEC.replace("\"trainLimit\": 512", "\"trainLimits\": 512"), "$.evaluator.data.trainLimits",
                "unknown field", dir);
        assertBad(SPEC.replace("\"channels\": 4", "\"channels\": 1"), "$.evaluator.network.channels", "at least 2",
                dir);
        assertBad(SPEC.replace("\"channels\": 4", "\"width\": 4"), "$.evaluator.network.width", "unknown field", dir);
        assertBad(SPEC.replace("\"fidelity\": \"epochs\"", "\"fidelity\": \"time\""), "$.evaluator.fidelity",
                "[epochs, data]", dir);
        assertBad(SPEC.replace("\"name\": \"adam\"", "\"name\": \"rmsprop\""), "$.evaluator.optimizer.name",
                "adam or sgd", dir);
        assertBad(SPEC.replace("\"learningRate\": 0.001", "\"learningRate\": -1"), "$.evaluator.optimizer",
                "learning rate must be a positive", dir);
        assertBad(SPEC.replace("\"learningRate\": 0.001", "\"learningRate\": 0.001, \"momentum\": 0.9"),
                "$.evaluator.optimizer.momentum", "sgd", dir);
        assertBad(SPEC.replace("\"constant\"", "\"linear\""), "$.evaluator.schedule", "[constant, cosine]", dir);
        assertBad(SPEC.replace("\"devices\": \"cpu\"", "\"devices\": \"tpu\""), "$.evaluator.devices",
                "unknown device", dir);
        assertBad(SPEC.replace("\"devices\": \"cpu\"", "\"devices\": [\"cpu\", 3]"), "$.evaluator.devices[1]",
                "unknown device", dir);
        assertBad(SPEC.replace("\"threads\": 1", "\"threads\": -1"), "$.evaluator.threads", ">= 0", dir);
        assertBad(SPEC.replace("\"latency\": false", "\"latency\": \"no\""), "$.evaluator.latency", "true or false",
                dir);
        assertBad(SPEC.replace("\"batchSize\": 64", "\"batchSize\": 1024"), "$.evaluator", "batch size 1024 is larger"
                + " than the training data", dir);
        assertBad(SPEC.replace("\"sameWeights\"", "{\"seeds\": 1}"), "$.finalEvaluation.seeds", "k >= 2", dir);
        assertBad(SPEC.replace("\"sameWeights\"", "\"twice\""), "$.finalEvaluation", "sameWeights", dir);
        assertTrue(Files.notExists(dir.resolve("x")), "nothing was evaluated or journaled");
    }

    @Test
    void aGpuOnTheCpuBuildIsRefusedWithTheWayToGetOne(@TempDir Path dir) {
        assumeTrue(Arrays.stream(Devices.visible()).noneMatch(Device::isGpu), "a GPU is visible here");
        assertBad(SPEC.replace("\"devices\": \"cpu\"", "\"devices\": \"gpu\""), "$.evaluator.devices",
                "DJL sees no GPU", dir);
        assertBad(SPEC.replace("\"devices\": \"cpu\"", "\"devices\": [\"cpu\", \"gpu:1\"]"), "$.evaluator.devices[1]",
                "CUDA profile", dir);
    }

    @Test
    void aSpaceTheEvaluatorCannotScoreIsRefusedWithTheReason(@TempDir Path dir) {
        // a custom cell (two nodes) against the NAS-Bench-201 table: it used to run trials that all failed
        String custom = Spaces.toJson(CellSpace.builder("tiny").inputs(1).nodes(2).ops("skip_connect",
                "nor_conv_3x3").build());
        String table = SearchCommandTest.SPEC.formatted(custom);
        assertBad(table, "$.evaluator", "cannot evaluate space 'tiny': the NAS-Bench-201 table holds only cells of"
                + " Spaces.nasBench201()", dir);
        // a subset of the table's ops on its cell is fine
        String subset = Spaces.toJson(CellSpace.builder("nb201-convs").inputs(1).nodes(3).ops("skip_connect",
                "nor_conv_3x3").build());
        SearchSpec.parse(SearchCommandTest.SPEC.formatted(subset), dir.resolve("x"), dir);
        // user choices from JSON have no network function, so training cannot build them
        String choices = Spaces.toJson(ChoiceSpace.of("mlp", Choice.of("units", 32, 64)));
        assertBad(SPEC.replace("\"space\": \"nasbench201\"", "\"space\": " + choices), "$.evaluator",
                "choiceNetwork", dir);
        assertTrue(Files.notExists(dir.resolve("x")), "nothing was evaluated or journaled");
    }

    @Test
    void theExampleSpecsAreValid() throws Exception {
        try (var specs = Files.list(Path.of("examples"))) {
            var files = specs.filter(f -> f.toString().endsWith(".json")).toList();
            assertTrue(!files.isEmpty(), "examples/*.json");
            for (Path f : files) {
                SearchSpec spec = SearchSpec.read(f); // checks everything; trains nothing
                assertTrue(spec.journal().endsWith(f.getFileName().toString().replace(".json", ".runs")), f.toString());
            }
        }
    }

    static void assertBad(String spec, String field, String hint, Path dir) {
        var e = assertThrows(SpecException.class, () -> SearchSpec.parse(spec, dir.resolve("x"), dir));
        assertTrue(e.getMessage().startsWith("spec field " + field + ":") && e.getMessage().contains(hint),
                e.getMessage());
    }
}
