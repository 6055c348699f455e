package org.jnas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.jnas.Jnas;
import org.jnas.darts.SupernetShape;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.OptimizerSpec;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.Hyperparameters;
import org.jnas.space.Sample;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.space.Spaces;
import org.jnas.space.TransformerArchitecture;
import org.jnas.space.TransformerSpace;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The AutoFormer-style transformer supernet: sliced widths and MLPs, regrouped heads, dropped layers. */
class TransformerSupernetTest {

    /** Both patch sizes, stem or none, two widths, one or two layers, 1/2/4 heads, MLP ratio 1 or 2. */
    static TransformerSpace small() {
        return TransformerSpace.builder("tiny-vit").stems(0, 4).patches(4, 7).widths(8, 12).depths(1, 2)
                .heads(1, 2, 4).mlpRatios(1.0, 2.0).build();
    }

    static SupernetShape shape() {
        return new SupernetShape(8, 5, 1, 3, 1, false, 1, 28, 28, 10);
    }

    @BeforeAll
    static void init() {
        Jnas.init();
    }

    private static NDArray noise(NDManager m, int n, long seed) {
        m.getEngine().setRandomSeed((int) seed);
        return m.randomNormal(new Shape(n, 1, 28, 28));
    }

    @Test
    void transformerCandidateThroughSupernetEqualsStandaloneNetworkWithInheritedWeights() {
        var space = small();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var net = new TransformerSupernet(space, shape(), 7, m);
            var archs = new ArrayList<TransformerArchitecture>();
            archs.add((TransformerArchitecture) net.extreme(true));
            archs.add((TransformerArchitecture) net.extreme(false));
            var rng = new Random(3);
            for (int i = 0; i < 10; i++) {
                archs.add(space.freeze(space.sample(rng)));
            }
            Set<String> covered = new HashSet<>();
            NDArray x = noise(m, 4, 11);
            for (int i = 0; i < archs.size(); i++) {
                var arch = archs.get(i);
                covered.add("patch" + arch.patch());
                covered.add("stem" + arch.stem());
                covered.add("width" + arch.width());
                covered.add("depth" + arch.depth());
                arch.layers().forEach(l -> covered.add("heads" + l.heads()));
                net.setPath(arch);
                // the stem's path-specific statistics (not the initial 0/1) must travel into the copy too
                BatchNormRecalibration.recalibrate(net, List.of(noise(m, 8, 100 + i), noise(m, 8, 200 + i)));
                float[] viaSupernet = net.forward(x, false).toFloatArray();
                Block alone = net.extract(arch, m);
                float[] viaStandalone = alone.forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                assertArrayEquals(viaStandalone, viaSupernet, 1e-4f, "logits of " + arch);
            }
            assertEquals(Set.of("patch4", "patch7", "stem0", "stem4", "width8", "width12", "depth1", "depth2",
                    "heads1", "heads2", "heads4"), covered, "every option was compared");
        }
    }

    @Test
    void aSmallerCandidateRunsTheLeadingSliceOfTheLargerOnesWeights() {
        var space = small();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var net = new TransformerSupernet(space, shape(), 5, m);
            var large = (TransformerArchitecture) net.extreme(true);
            // same patch and stem (those pick separate embeddings), everything else at its smallest
            var values = new LinkedHashMap<String, Object>(((TransformerArchitecture) net.extreme(false)).sample()
                    .values());
            values.put("patch", large.patch());
            values.put("stem", large.stem());
            var small = space.freeze(Sample.of(values));
            net.setPath(large);
            Set<Parameter> largeParams = new HashSet<>(net.pathParameters());
            net.setPath(small);
            List<Parameter> smallParams = net.pathParameters();
            assertTrue(largeParams.containsAll(smallParams), "the smaller path uses only the larger one's weights");
            assertTrue(smallParams.size() < largeParams.size(), "one layer fewer: " + smallParams.size() + " vs "
                    + largeParams.size());
            // entanglement, as a user would check it: every stand-alone weight of the small network is the leading
            // slice of the same weight of the large one
            Map<String, NDArray> big = new LinkedHashMap<>();
            net.extract(large, m).getParameters().forEach(p -> big.put(unnumbered(p.getKey()), p.getValue()
                    .getArray()));
            int compared = 0;
            for (var p : net.extract(small, m).getParameters()) {
                NDArray mine = p.getValue().getArray();
                NDArray theirs = big.get(unnumbered(p.getKey()));
                assertTrue(theirs != null, p.getKey() + " exists in the large network");
                Shape s = mine.getShape();
                var index = new StringBuilder();
                for (int d = 0; d < s.dimension(); d++) {
                    assertTrue(s.get(d) <= theirs.getShape().get(d), p.getKey() + " " + s + " vs " + theirs.getShape());
                    index.append(d == 0 ? "" : ",").append(":").append(s.get(d));
                }
                assertArrayEquals(theirs.get(new NDIndex(index.toString())).toFloatArray(), mine.toFloatArray(), 0f,
                        p.getKey());
                compared++;
            }
            assertTrue(compared > 10, compared + " weights compared");
        }
    }

    /**
     * DJL numbers a block's children ("04norm_gamma"): a network with fewer layers numbers its final norm and head
     * differently, so the top level's number is dropped (deeper numbers tell the MLP's two linears apart).
     */
    private static String unnumbered(String name) {
        return name.replaceFirst("^\\d+", "");
    }

    @Test
    void theHeadCountRegroupsTheSameWeightsAndChangesTheOutput() {
        var space = small();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var net = new TransformerSupernet(space, shape(), 2, m);
            var one = space.freeze(((TransformerArchitecture) net.extreme(true)).sample().with("l0/heads", 1)
                    .with("l1/heads", 1));
            var four = space.freeze(one.sample().with("l0/heads", 4).with("l1/heads", 4));
            NDArray x = noise(m, 2, 4);
            net.setPath(one);
            List<Parameter> p1 = net.pathParameters();
            float[] y1 = net.forward(x, false).toFloatArray();
            net.setPath(four);
            assertEquals(p1, net.pathParameters(), "every head count uses the whole q/k/v/result projections");
            float[] y4 = net.forward(x, false).toFloatArray();
            assertFalse(java.util.Arrays.equals(y1, y4), "1 and 4 heads attend differently");
        }
    }

    @Test
    void recalibrationMovesTheStemStatisticsOnlyAndAStemlessPathHasNone() {
        var space = small();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var net = new TransformerSupernet(space, shape(), 3, m);
            var withStem = (TransformerArchitecture) net.extreme(true);
            assertEquals(4, withStem.stem());
            net.setPath(space.freeze(withStem.sample().with("stem", 0)));
            assertTrue(net.pathStatistics().isEmpty(), "LayerNorm keeps no running statistics");
            net.setPath(withStem);
            var weights = new ArrayList<float[]>();
            net.pathParameters().forEach(p -> weights.add(p.getArray().toFloatArray()));
            float[] meanBefore = net.pathStatistics().get(0).mean().toFloatArray();
            BatchNormRecalibration.recalibrate(net, List.of(noise(m, 8, 1), noise(m, 8, 2)));
            float[] meanAfter = net.pathStatistics().get(0).mean().toFloatArray();
            assertEquals(4, meanAfter.length, "the path's 4 stem channels");
            assertFalse(java.util.Arrays.equals(meanBefore, meanAfter), "recalibration estimated the stem's mean");
            var after = net.pathParameters();
            for (int i = 0; i < after.size(); i++) {
                assertArrayEquals(weights.get(i), after.get(i).getArray().toFloatArray(), 0f,
                        after.get(i).getName() + " must not change");
            }
        }
    }

    @Test
    void badInputIsRefusedNamingTheChoice() {
        var space = small();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var net = new TransformerSupernet(space, shape(), 1, m);
            var bad = space.sample(new Random(1)).with("width", 10);
            var e = assertThrows(IllegalArgumentException.class, () -> net.setPath(new TransformerArchitecture(bad,
                    0, 4, 10, List.of(new TransformerArchitecture.Layer(2, 1.0)))));
            assertTrue(e.getMessage().contains("width") && e.getMessage().contains("tiny-vit"), e.getMessage());
            var good = space.freeze(space.sample(new Random(2)));
            var forged = new TransformerArchitecture(good.sample(), good.stem(), good.patch(), good.width(),
                    List.of(new TransformerArchitecture.Layer(1, 7.0)));
            var f = assertThrows(IllegalArgumentException.class, () -> net.setPath(forged));
            assertTrue(f.getMessage().contains("does not match its sample"), f.getMessage());
            var nb201 = Spaces.nasBench201();
            var foreign = nb201.freeze(nb201.sample(new Random(4)));
            var g = assertThrows(IllegalArgumentException.class, () -> net.setPath(foreign));
            assertTrue(g.getMessage().contains(foreign.sample().toString()), g.getMessage());
            var patch5 = TransformerSpace.builder("odd").patches(4, 5).widths(8).build();
            var p = assertThrows(SpaceDefinitionException.class, () -> new TransformerSupernet(patch5, shape(), 1, m));
            assertTrue(p.getMessage().contains("'patch'") && p.getMessage().contains("5"), p.getMessage());
        }
        var data = Datasets.fashionMnist();
        var tuned = space.withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 3e-3).build());
        var t = assertThrows(SpaceDefinitionException.class, () -> Evaluators.oneShot(tuned, data).build());
        assertTrue(t.getMessage().contains("hp/") && t.getMessage().contains("tuned.architecture()"), t.getMessage());
        var memory = assertThrows(OneShotMemoryException.class, () -> Evaluators.oneShot(space, data)
                .memoryLimitMb(1).build().train());
        assertTrue(memory.getMessage().contains("batchSize(64)"), memory.getMessage());
    }

    @Test
    void memoryEstimateGrowsWithTheLargestWidthAndBatch() {
        var narrow = OneShotMemory.of(small(), shape(), 32);
        var wide = OneShotMemory.of(TransformerSpace.builder("wide").stems(0, 4).patches(4, 7).widths(8, 24)
                .depths(1, 2).heads(1, 2, 4).mlpRatios(1.0, 2.0).build(), shape(), 32);
        assertTrue(wide.parameterBytes() > narrow.parameterBytes() && wide.activationBytes()
                > narrow.activationBytes(), narrow + " vs " + wide);
        assertTrue(OneShotMemory.of(small(), shape(), 64).activationBytes() == 2 * narrow.activationBytes());
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             var net = new TransformerSupernet(small(), shape(), 1, m)) {
            // weights, gradients and Adam's two moments: 16 bytes per weight of the whole supernet
            assertEquals(16 * net.parameterCount(), narrow.parameterBytes());
        }
    }

    @Test
    @Tag("slow") // trains small supernets of Spaces.vit() on Fashion-MNIST and runs every strategy: a minute on 2 cores
    void seededTransformerSupernetTrainingIsReproducibleAndEveryStrategyRunsOnIt() {
        var space = Spaces.vit();
        var data = Datasets.fashionMnist();
        // 384 training images, two epochs: seconds; same seed, CPU, same thread count: the same losses and scores
        java.util.function.Supplier<OneShotEvaluator> tiny = () -> Evaluators.oneShot(space, data).epochs(2)
                .batchSize(32).trainLimit(384).optimizer(OptimizerSpec.adam(3e-3)).validationLimit(200)
                .recalibrationBatches(2).seed(9).device(Device.cpu()).build();
        try (var first = tiny.get(); var second = tiny.get()) {
            assertEquals(first.train().epochLoss(), second.train().epochLoss(), "training loss, seed 9 twice");
            var a = space.freeze(space.sample(new Random(5)));
            assertEquals(first.evaluate(a, 1, 0).metric("accuracy"), second.evaluate(a, 1, 1).metric("accuracy"), 0);
            assertTrue(first.evaluate(a, 1, 0).metrics().containsKey("params"));
            var loss = first.training().orElseThrow().epochLoss();
            assertTrue(loss.get(1) < loss.get(0), "the supernet learns: " + first.training().orElseThrow());
            for (String name : Strategies.names()) {
                var result = Search.of(space).strategy(Strategies.named(name, null)).evaluator(first)
                        .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                        .budget(Budget.trials(6)).seed(3).run();
                assertTrue(result.trials().stream().allMatch(t -> t.ok()), name + ": " + result.summary());
            }
        }
        for (PathSampling rule : List.of(PathSampling.FAIR, PathSampling.SANDWICH)) {
            try (var e = Evaluators.oneShot(space, data).epochs(1).batchSize(32).trainLimit(128)
                    .validationLimit(64).recalibrationBatches(1).sampling(rule).seed(2).device(Device.cpu())
                    .build()) {
                assertFalse(e.train().epochLoss().isEmpty(), rule.name());
                assertTrue(e.training().orElseThrow().paths() > e.training().orElseThrow().steps(), rule.name());
            }
        }
    }
}
