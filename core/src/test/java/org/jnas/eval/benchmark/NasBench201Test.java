package org.jnas.eval.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.jnas.data.DatasetMissingException;
import org.jnas.eval.Evaluation;
import org.jnas.space.CellSpace;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

class NasBench201Test {
    static final String ARCH =
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";

    @Test
    void holdsTheWholeBenchmarkWithItsPublishedOptima() {
        NasBench201 bench = NasBench201.load();
        assertEquals(15_625, bench.size());
        assertEquals(0.9437, bench.bestTestAccuracy(), 1e-4);
        assertEquals(0.7351, bench.dataset(NasBench201.Dataset.CIFAR100).bestTestAccuracy(), 1e-4);
        assertEquals(0.4731, bench.dataset(NasBench201.Dataset.parse("imagenet16")).bestTestAccuracy(), 1e-4);
        assertEquals(15_625, bench.allSamples().stream().distinct().count());
    }

    @Test
    void evaluateGivesTwelveEpochValidationAndLatenciesButNeverTestColumns() {
        NasBench201 bench = NasBench201.load();
        CellSpace space = Spaces.nasBench201();
        Sample s = space.fromArchString(ARCH);
        Evaluation e = bench.evaluate(space.freeze(s), 1.0, 0);
        assertEquals(0.82834, e.metric("accuracy"), 1e-9); // cifar10_valid_12ep of table row 1
        assertEquals(17.2381, e.metric("latency_ms_pixel3"), 1e-9);
        assertFalse(e.metrics().keySet().stream().anyMatch(k -> k.contains("test")), e.metrics().toString());
        assertEquals(NasBench201.FULL_QUERY_SECONDS, e.costSeconds());
        assertEquals(NasBench201.FULL_QUERY_SECONDS / 3, bench.evaluate(space.freeze(s), 1.0 / 3, 0).costSeconds(),
                1e-9);
        assertEquals(0.9366, bench.test(space.freeze(s), 0).orElseThrow().metric("accuracy"), 1e-9);
        assertEquals(0.578, bench.dataset(NasBench201.Dataset.CIFAR100).evaluate(space.freeze(s), 1, 0)
                .metric("accuracy"), 1e-9);
    }

    @Test
    void parameterCountsMatchTheBenchmarksPublishedRange() {
        NasBench201 bench = NasBench201.load();
        CellSpace space = Spaces.nasBench201();
        Sample allConv = space.sampleOf("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3",
                "nor_conv_3x3", "nor_conv_3x3");
        Sample noConv = space.sampleOf("skip_connect", "none", "avg_pool_3x3", "skip_connect", "none", "none");
        assertEquals(1_531_546, bench.params(allConv)); // NAS-Bench-201: 1.53 MB at most
        assertEquals(73_306, bench.params(noConv)); // and 0.07 MB at least
        assertEquals(1_531_546.0, bench.evaluate(space.freeze(allConv), 1, 0).metric("params"));
        assertEquals(1_531_546 + 64 * 90 + 90, bench.dataset(NasBench201.Dataset.CIFAR100).params(allConv));
    }

    @Test
    void answersThousandsOfQueriesPerSecond() {
        NasBench201 bench = NasBench201.load();
        CellSpace space = Spaces.nasBench201();
        Random rng = new Random(1);
        List<Sample> samples = java.util.stream.Stream.generate(() -> space.sample(rng)).limit(20_000).toList();
        long t0 = System.nanoTime();
        double sum = 0;
        for (Sample s : samples) {
            sum += bench.evaluate(space.freeze(s), 1.0, 0).metric("accuracy");
        }
        double perSecond = samples.size() / ((System.nanoTime() - t0) / 1e9);
        assertTrue(sum > 0);
        assertTrue(perSecond > 5_000, "only " + perSecond + " queries/s");
    }

    @Test
    void missingTableAndForeignSamplesFailWithAClearMessage() {
        var missing = assertThrows(DatasetMissingException.class,
                () -> NasBench201.load(Path.of("/nonexistent/nasbench201.csv")));
        assertTrue(missing.getMessage().contains(NasBench201.ENV), missing.getMessage());
        var other = ChoiceSpace.of("x", Choice.of("a", 1, 2));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> NasBench201.load().evaluate(other.freeze(other.sampleOf(1)), 1, 0));
        assertTrue(bad.getMessage().contains("Spaces.nasBench201()"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NasBench201.Dataset.parse("mnist"));
    }
}
