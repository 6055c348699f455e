package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
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
        var frozenArch = new BilevelStep.Hyper(0.025f, 0.9f, 3e-4f, 5f, 0f, 0.5f, 0.999f, 0f);
        DartsResult stopped = tinyDarts().epochs(3).stopAtSkipConnections(2).hyper(frozenArch).initialAlphas("normal", skipHeavy).build()
                .run(data);
        assertEquals(1, stopped.epochs().size(), "stops after the first epoch");
        assertTrue(stopped.stopReason().startsWith("DARTS+ early stop"), stopped.stopReason());
        assertEquals(8, Derivation.skipConnections(Spaces.darts(), stopped.architecture(), "normal"));

        DartsResult unchecked = tinyDarts().epochs(2).hyper(frozenArch).initialAlphas("normal", skipHeavy)
                .stopAtSkipConnections(0).build().run(data);
        assertEquals(2, unchecked.epochs().size(), "with the remedy off the search runs on");
        assertEquals("completed", unchecked.stopReason());
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
}
