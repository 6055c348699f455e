package org.jnas.oneshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.Jnas;
import org.jnas.darts.SupernetShape;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The supernet itself, on random inputs: no data set, no training, seconds. */
class OneShotSupernetTest {

    static CellSpace quickstart() {
        return CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
    }

    static SupernetShape shape(int c, int cells) {
        return SupernetShape.builder().channels(c).cells(cells).cellsPerStage(1).stemMultiplier(3).input(1, 28, 28, 10)
                .build();
    }

    @BeforeAll
    static void init() {
        Jnas.init();
    }

    private static List<NDArray> batches(NDManager m, int n, int size, long seed) {
        var out = new ArrayList<NDArray>();
        for (int i = 0; i < n; i++) {
            m.getEngine().setRandomSeed((int) (seed + i));
            out.add(m.randomNormal(new Shape(size, 1, 28, 28)));
        }
        return out;
    }

    /** The numbers a user would compare: the supernet's logits on a path and the extracted network's. */
    private static void assertSameOutputs(SearchSpace space, SupernetShape shape, int architectures) {
        try (NDManager m = NDManager.newBaseManager()) {
            var net = new CellSupernet(space, shape, 7, m);
            var rng = new Random(3);
            NDArray x = batches(m, 1, 8, 11).get(0);
            for (int i = 0; i < architectures; i++) {
                var arch = space.freeze(space.sample(rng));
                net.setPath(arch);
                // recalibrated statistics make the BatchNorm state path-specific, so the copy must carry them too
                BatchNormRecalibration.recalibrate(net, batches(m, 2, 16, 100 + i));
                float[] viaSupernet = net.forward(x, false).toFloatArray();
                Block alone = net.extract(arch, m);
                float[] viaStandalone = alone.forward(new ParameterStore(m, false), new NDList(x), false)
                        .singletonOrThrow().toFloatArray();
                assertArrayEquals(viaStandalone, viaSupernet, 1e-4f, "logits of " + arch.sample());
            }
        }
    }

    @Test
    void candidateThroughSupernetEqualsStandaloneNetworkWithInheritedWeights() {
        assertSameOutputs(quickstart(), shape(8, 5), 4);
    }

    @Test
    void dartsGenotypeThroughSupernetEqualsStandaloneNetwork() {
        // unchosen (earlier node, node) pairs run 'none'; reduction cells use stride-2 candidates
        var darts = new DartsSpace(2, List.of("skip_connect", "sep_conv_3x3", "max_pool_3x3"));
        assertSameOutputs(darts, shape(4, 3).withInput(1, 28, 28, 10), 2);
    }

    @Test
    void recalibrationChangesTheStatisticsOfThePathAndNothingElse() {
        var space = quickstart();
        try (NDManager m = NDManager.newBaseManager()) {
            var net = new CellSupernet(space, shape(8, 5), 7, m);
            var arch = space.freeze(space.sampleOf("nor_conv_3x3", "skip_connect", "nor_conv_1x1"));
            net.setPath(arch);
            var onPath = new IdentityHashMap<Parameter, Boolean>();
            net.pathParameters().forEach(p -> onPath.put(p, true));
            Map<Parameter, float[]> before = new IdentityHashMap<>();
            for (var p : net.network().getParameters().values()) {
                before.put(p, p.getArray().toFloatArray());
            }
            List<NDArray> data = batches(m, 3, 32, 5);
            BatchNormRecalibration.recalibrate(net, data);
            int changedStats = 0;
            for (var e : before.entrySet()) {
                Parameter p = e.getKey();
                float[] now = p.getArray().toFloatArray();
                boolean stat = p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
                if (stat && onPath.containsKey(p)) {
                    changedStats += java.util.Arrays.equals(now, e.getValue()) ? 0 : 1;
                } else {
                    assertArrayEquals(e.getValue(), now, 0f, p.getName() + " (" + p.getType() + ", "
                            + (onPath.containsKey(p) ? "on" : "off") + " path) must not change");
                }
            }
            int statsOnPath = (int) net.pathParameters().stream().filter(p -> p.getType()
                    == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR).count();
            assertEquals(statsOnPath, changedStats, "every running statistic on the path is re-estimated");

            // the stem BatchNorm's mean is the average over the batches of the stem convolution's channel means
            var seq = (SequentialBlock) net.network();
            Block stemConv = seq.getChildren().get(0).getValue();
            var stemNorm = (ai.djl.nn.norm.BatchNorm) seq.getChildren().get(1).getValue();
            float[] expected = new float[8];
            var ps = new ParameterStore(m, false);
            for (NDArray x : data) {
                NDArray y = stemConv.forward(ps, new NDList(x), false).singletonOrThrow();
                float[] means = y.transpose(1, 0, 2, 3).reshape(8, -1).mean(new int[] {1}).toFloatArray();
                for (int c = 0; c < 8; c++) {
                    expected[c] += means[c] / data.size();
                }
            }
            assertArrayEquals(expected, BatchNormRecalibration.runningStats(stemNorm)[0].getArray().toFloatArray(),
                    1e-4f, "cumulative average of the batch means, whatever the layer's momentum");

            // independent of what the statistics were before: recalibrating again gives the same numbers
            float[] once = BatchNormRecalibration.runningStats(stemNorm)[1].getArray().toFloatArray();
            BatchNormRecalibration.recalibrate(net, data);
            assertArrayEquals(once, BatchNormRecalibration.runningStats(stemNorm)[1].getArray().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void aSpaceWithoutASharedFormIsRefusedNamingAChoice() {
        var plain = new org.jnas.space.ChoiceSpace("mlp", List.of(new org.jnas.space.Choice("hidden",
                List.of(16, 32))));
        var e = assertThrows(SpaceDefinitionException.class, () -> OneShotSupernet.requireShareable(plain));
        assertTrue(e.getMessage().contains("'hidden'"), e.getMessage());
        assertTrue(e.getMessage().contains("mlp"), e.getMessage());
        // it says what exists and how to add weight sharing for such a space
        assertTrue(e.getMessage().contains("[cell, chain, transformer]")
                && e.getMessage().contains("SupernetKinds.register"), e.getMessage());
        assertEquals(List.of("cell", "chain", "transformer"), SupernetKinds.names());
    }

    @Test
    void anArchitectureOfAnotherSpaceIsRefusedShowingItsSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            var net = new CellSupernet(quickstart(), shape(4, 5), 1, m);
            var nb201 = Spaces.nasBench201();
            var foreign = nb201.freeze(nb201.sample(new Random(1)));
            var e = assertThrows(IllegalArgumentException.class, () -> net.setPath(foreign));
            assertTrue(e.getMessage().contains(foreign.sample().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("quickstart"), e.getMessage());
        }
    }

    @Test
    void fairSamplingRunsEveryCandidateOfEveryEdgeOncePerStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            var space = quickstart();
            var net = new CellSupernet(space, shape(4, 5), 1, m);
            var paths = PathSampling.FAIR.paths(net, new Random(2));
            assertEquals(4, paths.size());
            for (var choice : space.choices()) {
                assertEquals(java.util.Set.copyOf(choice.options()), paths.stream()
                        .map(p -> p.sample().get(choice.label())).collect(java.util.stream.Collectors.toSet()),
                        choice.label());
            }
            var sandwich = PathSampling.SANDWICH.paths(net, new Random(2));
            assertEquals(space.sampleOf("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3"), sandwich.get(0).sample(),
                    "largest: nor_conv_3x3 everywhere");
            assertFalse(sandwich.get(0).sample().equals(sandwich.get(1).sample()));
        }
    }
}
