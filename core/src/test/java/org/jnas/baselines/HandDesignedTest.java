package org.jnas.baselines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.OptimizerSpec;
import org.jnas.eval.Recipe;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.render.Pictures;
import org.jnas.space.Architecture;
import org.jnas.space.CellSpace;
import org.jnas.space.ChainArchitecture;
import org.jnas.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-designed families: built, drawn, written as JSON, matched on cost, trained with the winner's recipe. */
class HandDesignedTest {
    private static DataSplits fashion;

    @BeforeAll
    static void load() {
        fashion = Datasets.fashionMnist();
    }

    static final List<HandDesigned> FAMILIES = List.of(HandDesigned.resNet(1), HandDesigned.mobileNetV2(1),
            HandDesigned.dartsV2(5));

    /** An earlier stored quickstart run's winner (skip, avg pool, 1x1 conv) at C=8: 20,162 parameters. */
    static Architecture quickstartCell() {
        var space = CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
        return space.freeze(space.sampleOf("skip_connect", "avg_pool_3x3", "nor_conv_1x1"));
    }

    @Test
    void resNetHasTheShapeOfThePaper() {
        var n = HandDesigned.resNet(3).at(1);
        var chain = (ChainArchitecture) n.architecture();
        assertEquals("resnet-20", n.family());
        assertEquals(16, chain.stem());
        assertEquals(9, chain.blocks().size());
        assertEquals(List.of(16, 16, 16, 32, 32, 32, 64, 64, 64),
                chain.blocks().stream().map(ChainArchitecture.Block::width).toList());
        assertEquals(List.of(1, 1, 1, 2, 1, 1, 2, 1, 1),
                chain.blocks().stream().map(ChainArchitecture.Block::stride).toList());
        assertTrue(chain.blocks().stream().allMatch(b -> b.op().equals("resblock")));
        // CIFAR ResNet-20 has 0.27M parameters (He et al. table 6); here with projection shortcuts and 1 input
        // channel: conv weights + BN + the two 1x1 projections + linear, counted by the cost model
        double params = new NetworkBuilder().costs(n.architecture(), null).get("params");
        assertTrue(params > 0.26e6 && params < 0.29e6, "resnet-20 params " + params);
    }

    @Test
    void mobileNetV2UsesInvertedResidualsAndScalesWithWidth() {
        var chain = (ChainArchitecture) HandDesigned.mobileNetV2(2).at(0.5).architecture();
        assertEquals(16, chain.stem());
        assertEquals(List.of(1, 6, 6, 6, 6, 6, 6), chain.blocks().stream().map(ChainArchitecture.Block::expansion)
                .toList());
        assertEquals(List.of(8, 12, 12, 16, 16, 32, 32), chain.blocks().stream().map(ChainArchitecture.Block::width)
                .toList());
        assertThrows(IllegalArgumentException.class, () -> HandDesigned.mobileNetV2(1).at(0));
        assertThrows(IllegalArgumentException.class, () -> HandDesigned.dartsV2(2));
    }

    @Test
    void everyFamilyIsAnArchitectureLikeAnyOther(@TempDir Path dir) throws Exception {
        var nb = new NetworkBuilder();
        for (HandDesigned f : FAMILIES) {
            var n = f.at(1);
            Map<String, Double> costs = n.networkBuilder().costs(n.architecture(), null);
            assertTrue(costs.get("params") > 1000 && costs.get("flops") > 0 && costs.get("peak_memory_mb") > 0,
                    f + " " + costs);
            // JSON round trip gives the same network
            var back = Json.read(Json.write(n.architecture(), Architecture.class), Architecture.class);
            assertEquals(n.architecture(), back);
            // a picture, like every architecture
            Path png = dir.resolve(f.name() + ".png");
            Pictures.of(n.architecture()).save(png);
            assertTrue(Files.size(png) > 1000, f.name());
        }
        assertTrue(nb.costs(HandDesigned.resNet(1).at(2).architecture(), null).get("params")
                > 3 * nb.costs(HandDesigned.resNet(1).at(1).architecture(), null).get("params"));
    }

    @Test
    void costMatchingHitsTheToleranceOnParamsMacsAndPeakMemory() {
        var shape = new NetworkBuilder();
        var winnerCosts = new NetworkBuilder().channels(8).costs(quickstartCell(), null);
        assertEquals(20162, winnerCosts.get("params"));
        // 15%: DARTS's C moves its size in steps of about 30% at this size (C=5: 16.6k, C=6: 22.6k parameters);
        // the chain families land within 5%
        for (String metric : List.of("params", "flops")) {
            var match = new CostMatch(metric, 0.15);
            for (HandDesigned f : FAMILIES) {
                var m = match.match(f, winnerCosts.get(metric), shape, null);
                System.out.println("MATCH " + m);
                assertTrue(Math.abs(m.ratio() - 1) <= 0.15, m.toString());
                if (!f.name().startsWith("darts")) {
                    assertTrue(Math.abs(m.ratio() - 1) <= 0.05, m.toString());
                }
            }
        }
        // peak inference memory, computed from the graph like params (issue 21 point 3: a cost like any other)
        var memory = new CostMatch("peak_memory_mb", 0.15);
        for (HandDesigned f : List.of(HandDesigned.resNet(1), HandDesigned.mobileNetV2(1))) {
            var m = memory.match(f, winnerCosts.get("peak_memory_mb"), shape, null);
            System.out.println("MATCH " + m);
            assertTrue(Math.abs(m.ratio() - 1) <= 0.15, m.toString());
        }
        // 10% is out of DARTS's reach at 5 cells: refused, with the two nearest sizes named
        var steps = assertThrows(IllegalArgumentException.class, () -> new CostMatch("params", 0.10)
                .match(HandDesigned.dartsV2(5), 20162, shape, null));
        assertTrue(steps.getMessage().contains("whole numbers"), steps.getMessage());
        // a target no width reaches is refused before anything trains, naming the range and what to change
        var e = assertThrows(IllegalArgumentException.class, () -> new CostMatch("params", 0.1)
                .match(HandDesigned.resNet(1), 100, shape, null));
        assertTrue(e.getMessage().contains("cannot match params 100") && e.getMessage().contains("depth"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CostMatch("accuracy", 0.1));
        assertThrows(IllegalArgumentException.class, () -> new CostMatch("params", 0));
    }

    @Test
    void aBaselineTrainsWithTheWinnersRecipe() {
        var recipe = new Recipe(1, 32, OptimizerSpec.sgd(0.05, 0.9), Recipe.Schedule.COSINE);
        TrainingEvaluator eval = Evaluators.train(fashion).recipe(recipe).trainLimit(500).validationLimit(200)
                .devices(Device.cpu()).latency(null).threads(1).build();
        var other = eval.withNetwork(new NetworkBuilder().channels(6).cells(3));
        assertEquals(recipe, other.recipe());
        assertEquals(1, other.threads()); // a thread count is part of a seeded result (TrainingEvaluatorTest)
        assertEquals(eval.data().toString(), other.data().toString());
        assertEquals(eval.describe(), other.describe());
        assertTrue(eval.describe().contains("cosine schedule"), eval.describe());
        assertEquals(6, other.network().channels());
    }

    /**
     * Each family, matched to the quickstart cell's 20k parameters, learns: above 0.40 validation accuracy (chance
     * is 0.10; measured with seed 1 at 2 threads: ResNet-8 0.540, MobileNetV2 0.586, DARTS V2 0.528) after one epoch
     * on 3,000 images, batch 32, Adam 0.01 (with Adam 1e-3 and batch 64, 31 steps on 2,000 images, MobileNetV2 had
     * not started to learn: 0.12). One epoch at that rate is sensitive for MobileNetV2: with one thread its seed 1
     * trains as well (training loss 0.97) but scores 0.14, its batch-norm running statistics not yet usable. That is
     * what the 0.14 in earlier full-suite runs was: withNetwork dropped the thread count and the trial ran at what an
     * earlier test had left the JUnit thread at (1). At 2 threads the first trial in a fresh JVM still differs in
     * about a third of JVMs (6 of 22: 0.41-0.69 against 0.586; oneDNN, MKL, the JIT and address randomization ruled
     * out, see the README's reproducibility section); so a family below the bound gets seeds 2 and 3 before the test
     * fails.
     */
    @Test
    @Tag("slow")
    void eachBaselineTrainsToAStatedAccuracyOnASmallSubset() {
        TrainingEvaluator eval = Evaluators.train(fashion).epochs(1).batchSize(32).trainLimit(3000)
                .validationLimit(500).optimizer(OptimizerSpec.adam(0.01)).devices(Device.cpu()).latency(null).build();
        for (HandDesigned f : FAMILIES) {
            var m = new CostMatch("params", 0.15).match(f, 20162, eval.network(), null);
            var accuracies = new java.util.ArrayList<Double>();
            for (long seed = 1; seed <= 3 && accuracies.stream().noneMatch(a -> a > 0.40); seed++) {
                var e = eval.withNetwork(m.network().networkBuilder()).evaluate(m.network().architecture(), 1, seed);
                System.out.printf("TRAINED %s seed %d: validation accuracy %.4f (%.0f params, %.1f s)%n",
                        m.network().label(), seed, e.metric("accuracy"), e.metric("params"), e.costSeconds());
                accuracies.add(e.metric("accuracy"));
            }
            assertTrue(accuracies.stream().anyMatch(a -> a > 0.40), m + ": accuracy " + accuracies);
        }
    }
}
