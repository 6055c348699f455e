package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.jnas.Jnas;
import org.jnas.data.FashionMnist;
import org.jnas.data.ImageData;
import org.jnas.ops.Ops;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tiny searches on real Fashion-MNIST images, end to end: a few steps each, seconds in all. */
class DartsSearchTest {
    private static ImageData data;

    @BeforeAll
    static void load() {
        data = FashionMnist.train(256);
    }

    /** A DARTS-space supernet small enough for a test: C=4, 3 cells, batch 16. */
    private static DartsSearch.Builder tinyDarts() {
        return DartsSearch.builder(Spaces.darts()).channels(4).cells(3).partialChannels(2, true).batch(16)
                .trainImages(64).epochs(1).seed(3).stopAtSkipConnections(0).threads(1);
    }

    @Test
    void sameSeedGivesSameGenotypeAndAlphas() {
        DartsResult a = tinyDarts().epochs(2).build().run(data);
        DartsResult b = tinyDarts().epochs(2).build().run(data);
        assertEquals(a.genotype(), b.genotype());
        for (String cell : DartsSpace.CELLS) {
            double[][] x = a.epochs().get(1).alphas().get(cell);
            double[][] y = b.epochs().get(1).alphas().get(cell);
            for (int e = 0; e < x.length; e++) {
                assertArrayEquals(x[e], y[e], 0.0, "alphas of " + cell + " edge " + e);
            }
        }
        DartsResult c = tinyDarts().epochs(2).seed(4).build().run(data);
        assertTrue(!Arrays.deepEquals(a.epochs().get(1).alphas().get("normal"),
                c.epochs().get(1).alphas().get("normal")), "another seed moves the alphas differently");
        // the search recorded what plots need, and alphas moved from their near-uniform start
        assertEquals(2, a.epochs().size());
        assertEquals(14, a.edgeLabels().get("normal").size());
        assertEquals(Ops.DARTS_PRIMITIVES, a.candidates().get("normal"));
        assertEquals(2, a.alphaHistory("normal", "0->2").size());
        assertTrue(a.epochs().get(0).trainLoss() > 0 && a.epochs().get(0).validLoss() > 0);
        assertTrue(a.searchSeconds() > 0);
    }

    @Test
    void aChosenDeviceRunsTheWholeSearchThereWithTheSameResult() {
        // on the CPU build the engine's default device is the CPU: choosing it explicitly must change nothing
        DartsResult chosen = tinyDarts().device(ai.djl.Device.cpu()).build().run(data);
        DartsResult dflt = tinyDarts().build().run(data);
        assertEquals(dflt.genotype(), chosen.genotype());
        assertArrayEquals(dflt.epochs().get(0).alphas().get("normal")[0],
                chosen.epochs().get(0).alphas().get("normal")[0], 0.0);
    }

    @Test
    void secondOrderSearchRunsAndDerivesADartsSample() {
        DartsResult r = tinyDarts().order(DartsSearch.Order.SECOND).build().run(data);
        Spaces.darts().validate(r.architecture());
        assertEquals("completed", r.stopReason());
    }

    @Test
    void skipConnectionRemedyStopsACollapsedSearch() {
        // alphas that already favour skip_connect on every normal edge, and no architecture learning
        double[][] skipHeavy = new double[14][8];
        for (double[] row : skipHeavy) {
            row[Ops.DARTS_PRIMITIVES.indexOf("skip_connect")] = 3;
        }
        var frozenArch = BilevelStep.Hyper.reference().withArchitectureLearningRate(0f)
                .withArchitectureWeightDecay(0f);
        DartsResult stopped = tinyDarts().epochs(3).warmupEpochs(0).stopAtSkipConnections(2).hyper(frozenArch)
                .initialAlphas("normal", skipHeavy).build().run(data);
        assertEquals(1, stopped.epochs().size(), "stops after the first epoch");
        assertTrue(stopped.stopReason().startsWith("DARTS+ early stop"), stopped.stopReason());
        assertEquals(8, Derivation.skipConnections(Spaces.darts(), stopped.epochs().get(0).architecture(), "normal"),
                "the epoch derived a collapsed cell");
        // no epoch before it was usable: the weights are derived again keeping only the strongest skip connection
        assertEquals(1, Derivation.skipConnections(Spaces.darts(), stopped.architecture(), "normal"),
                stopped.genotype());
        assertTrue(stopped.stopReason().contains("strongest 1 skip connection"), stopped.stopReason());

        DartsResult unchecked = tinyDarts().epochs(2).hyper(frozenArch).initialAlphas("normal", skipHeavy)
                .stopAtSkipConnections(0).build().run(data);
        assertEquals(2, unchecked.epochs().size(), "with the remedy off the search runs on");
        assertEquals("completed", unchecked.stopReason());
    }

    /**
     * A real search that collapses, forced by its settings: a high architecture learning rate and a weight
     * learning rate so low that the convolutions stay untrained, so the parameter-free skip connection wins edge
     * after edge (the mechanism behind DARTS' collapse). The DARTS+ stop must hand back the cell from before.
     */
    @Test
    void dartsPlusStopReturnsTheCellDerivedBeforeTheSkipConnectionsTookOver() {
        CellSpace nb201 = Spaces.nasBench201();
        var collapsing = BilevelStep.Hyper.reference().withWeightLearningRate(0.001f)
                .withArchitectureLearningRate(0.1f);
        DartsSearch.Builder b = DartsSearch.builder(nb201).channels(4).cellsPerStage(1).partialChannels(2, true)
                .batch(16).trainImages(64).epochs(6).seed(3).threads(1).hyper(collapsing)
                .minWeightLearningRate(1e-4f);
        DartsResult free = b.stopAtSkipConnections(0).build().run(data);
        int[] skips = free.epochs().stream().mapToInt(e -> Derivation.skipConnections(nb201, e.architecture(), "cell"))
                .toArray();
        assertTrue(skips[skips.length - 1] >= 2 && skips[2] < 2, "the unchecked run collapses later: "
                + Arrays.toString(skips));

        DartsResult stopped = b.stopAtSkipConnections(2).build().run(data);
        int last = stopped.epochs().size() - 1;
        assertTrue(last < 5 && stopped.stopReason().startsWith("DARTS+ early stop"), stopped.stopReason());
        assertTrue(Derivation.skipConnections(nb201, stopped.epochs().get(last).architecture(), "cell") >= 2,
                "it stopped on a collapsed cell");
        assertEquals(stopped.epochs().get(last - 1).architecture(), stopped.architecture(),
                "and returned the one derived an epoch before: " + stopped.stopReason());
        assertTrue(Derivation.skipConnections(nb201, stopped.architecture(), "cell") < 2, stopped.genotype());
        assertTrue(stopped.stopReason().contains("returning the cell derived after epoch " + (last - 1)),
                stopped.stopReason());
        for (int e = 0; e <= last; e++) { // same seed, same trajectory up to the stop
            assertEquals(free.epochs().get(e).architecture(), stopped.epochs().get(e).architecture());
        }
    }

    @Test
    void partialChannelsWarmUpTrainsOnlyTheWeightsFirst() {
        // PC-DARTS warms up 15 of its 50 epochs: 30%, at least one epoch left to search; DARTS has no warm-up
        assertEquals(3, DartsSearch.builder(Spaces.nasBench201()).epochs(10).partialChannels(2, true).build()
                .warmupEpochs());
        assertEquals(1, DartsSearch.builder(Spaces.nasBench201()).epochs(2).partialChannels(2, true).build()
                .warmupEpochs());
        assertEquals(0, DartsSearch.builder(Spaces.nasBench201()).epochs(10).partialChannels(1, false).build()
                .warmupEpochs());
        double[][] uniform = new double[6][5];
        DartsSearch.Builder b = DartsSearch.builder(Spaces.nasBench201()).channels(4).cellsPerStage(1)
                .partialChannels(2, true).batch(16).trainImages(64).epochs(3).seed(0).stopAtSkipConnections(0)
                .threads(1).initialAlphas("cell", uniform);
        DartsResult warm = b.build().run(data);
        assertTrue(warm.epochs().get(0).architectureFrozen() && !warm.epochs().get(1).architectureFrozen());
        for (double[] row : warm.epochs().get(0).alphas().get("cell")) {
            assertArrayEquals(new double[] {0.2, 0.2, 0.2, 0.2, 0.2}, row, 1e-7, "alphas frozen in the warm-up");
        }
        assertTrue(warm.epochs().get(0).trainLoss() > 0 && warm.epochs().get(0).validLoss() > 0,
                "the warm-up still trains the weights and watches the validation loss");
        assertTrue(moved(warm.epochs().get(1).alphas().get("cell")) > 1e-6, "then they move");
        assertTrue(warm.toString().contains("warm-up (architecture frozen)"), warm.toString());
        DartsResult cold = b.warmupEpochs(0).build().run(data);
        assertTrue(moved(cold.epochs().get(0).alphas().get("cell")) > 1e-6, "off: they move at once");
        var e = assertThrows(IllegalArgumentException.class, () -> b.warmupEpochs(3).build());
        assertTrue(e.getMessage().contains("fewer than the epochs"), e.getMessage());
    }

    /** The largest distance of a softmax weight from uniform over 5 candidates. */
    private static double moved(double[][] softmax) {
        return Arrays.stream(softmax).flatMapToDouble(Arrays::stream).map(p -> Math.abs(p - 0.2)).max()
                .orElseThrow();
    }

    @Test
    void interruptionKeepsTheEpochsSoFar() {
        DartsResult r = tinyDarts().epochs(5).onEpoch(e -> Thread.currentThread().interrupt()).build().run(data);
        assertTrue(Thread.interrupted(), "the interrupt is passed back to the caller");
        assertTrue(r.interrupted());
        assertEquals(1, r.epochs().size());
        Spaces.darts().validate(r.architecture());
    }

    @Test
    void nasBench201SupernetSearchDerivesALookupableSample() {
        CellSpace nb201 = Spaces.nasBench201();
        DartsResult r = DartsSearch.builder(nb201).channels(4).cellsPerStage(1).partialChannels(2, true).batch(16)
                .trainImages(64).epochs(1).seed(0).stopAtSkipConnections(0).threads(1).build().run(data);
        nb201.validate(r.architecture());
        String arch = nb201.toArchString(r.architecture());
        assertEquals(r.architecture(), nb201.fromArchString(arch), "round-trips through the benchmark's form");
        assertEquals(6, r.epochs().get(0).alphas().get("cell").length);
        assertEquals(5, r.epochs().get(0).alphas().get("cell")[0].length);
    }

    @Test
    void tooLittleDataIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> tinyDarts().trainImages(20).build().run(data));
        assertTrue(e.getMessage().contains("at least 2 x batch"), e.getMessage());
    }

    @Test
    void aSpaceWithoutMixedEdgesIsRefusedAtOnceNamingItAndWhatToUse() {
        var e = assertThrows(org.jnas.space.SpaceDefinitionException.class,
                () -> DartsSearch.builder(Spaces.mobile()));
        assertTrue(e.getMessage().contains("ChainSpace 'mobile'") && e.getMessage().contains("Spaces.darts()"),
                e.getMessage());
    }

    /**
     * libtorch records on a thread until told otherwise, and only the thread that started the engine is told: a
     * notebook runs each cell on a new thread. The second-order step edits weights in place, so it must switch
     * recording off itself wherever it runs.
     */
    @Test
    void secondOrderSearchRunsOnAThreadThatRecordsGradients() {
        Jnas.init();
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch
        ai.djl.pytorch.jni.JniUtils.setGradMode(true); // what a fresh thread (a notebook cell) starts with
        try {
            DartsResult r = tinyDarts().order(DartsSearch.Order.SECOND).build().run(data);
            assertEquals("completed", r.stopReason());
        } finally {
            ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        }
    }
}
