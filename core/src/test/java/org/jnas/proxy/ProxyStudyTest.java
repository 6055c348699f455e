package org.jnas.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnas.cli.ProxiesBench;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.CorrelationChart;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.PredictorSearch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyStudyTest {

    /** NAS-Bench-201's small cousin (C=4, one cell per stage, 8x8 input): synflow in milliseconds. */
    private static ProxyScorer tinySynflow() {
        return ProxyScorer.builder(new NetworkBuilder().input(3, 8, 8).channels(4).cellsPerStage(1))
                .proxies(new Synflow()).build();
    }

    /**
     * The correlation is computed from scores of real networks (nothing read from a shipped table): the scores of
     * the benchmark's own network are cached on disk, a re-run reads them back and gives the same correlation,
     * and other settings never read them.
     */
    @Tag("slow")
    @Test
    void nasBench201SynflowIsComputedOnTheBenchmarksNetworkAndCachedBySettings(@TempDir Path dir) throws Exception {
        var bench = NasBench201.load();
        var first = ProxyStudy.nasBench201(bench, new Synflow(), 10, 0, 0, dir, null);
        var synflow = first.get(0);
        assertEquals(10, synflow.result().n() + synflow.failures().size());
        assertEquals(0, synflow.cached());
        assertTrue(synflow.msPerArch() > 0);
        assertEquals("params", first.get(1).proxy());
        var again = ProxyStudy.nasBench201(bench, new Synflow(), 10, 0, 0, dir, null).get(0);
        assertEquals(synflow.result().n(), again.cached());
        assertArrayEquals(synflow.scores(), again.scores(), 0.0);
        assertEquals(synflow.result().kendall(), again.result().kendall(), 0.0);
        var otherSeed = ProxyStudy.nasBench201(bench, new Synflow(), 3, 0, 1, dir, null).get(0);
        assertEquals(0, otherSeed.cached(), "a cache of other settings is not read");
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count());
        }
        String line = synflow.line(ProxiesBench.class.getSimpleName());
        assertTrue(line.startsWith("PROXY name=synflow space=nasbench201 truth=cifar10_test_200ep n="), line);
        assertTrue(line.contains("ms_per_arch="), line);
    }

    @Test
    void samplesAreDistinctSeededAndStableAcrossSizes() {
        var space = Spaces.nasBench201();
        var a = ProxyStudy.sample(space, 50, 3);
        assertEquals(50, a.stream().distinct().count());
        assertEquals(a.subList(0, 20), ProxyStudy.sample(space, 20, 3), "a smaller study scores a prefix");
        assertEquals(64, ProxyStudy.sample(ProxiesBench.QUICKSTART_SPACE, 100, 0).size(), "at most the space");
    }

    /** The predictor search ranks candidates with the proxy feature in its encoding, reproducibly. */
    @Test
    void predictorSearchUsesAProxyFeatureReproducibly() {
        var space = Spaces.nasBench201();
        var scorer = tinySynflow();
        var options = new PredictorSearch.Options(6, 3, 10.0, 0.5, 2, 3, 2, true, 5, 1.0);
        var feature = ProxyFeature.percentile(scorer, new Synflow(), space, ProxyStudy.sample(space, 12, 1), 0);
        var bench = NasBench201.load();
        var strategy = new PredictorSearch(options, List.of(feature));
        var result = Search.of(space).strategy(strategy).evaluator(bench)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(10)).seed(4)
                .baseline(Baseline.none()).run();
        assertTrue(strategy.surrogate().toString().contains("synflow_percentile"), strategy.surrogate().toString());
        assertTrue(strategy.describe().contains("features [synflow_percentile]"), strategy.describe());
        var again = Search.of(space).strategy(new PredictorSearch(options, List.of(feature))).evaluator(bench)
                .objectives(Objective.maximize("accuracy")).budget(Budget.trials(10)).seed(4)
                .baseline(Baseline.none()).run();
        assertEquals(result.trials().stream().map(t -> t.sample()).toList(),
                again.trials().stream().map(t -> t.sample()).toList());
        double v = feature.value(space.fromArchString(
                "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|none~2|"));
        assertEquals(0.0, v, "a failed score (no path) ranks below every computed one");
    }

    /**
     * The predictor-with-proxy comparison on table data (no network is built): a feature that is the truth itself
     * (the 12-epoch validation accuracy the predictor is fitted on) must lift the held-out rank correlation beyond
     * noise; the same seed gives the same splits and figures; too few architectures are refused before fitting.
     */
    @Test
    void aProxyFeatureThatKnowsTheAnswerImprovesThePredictorBeyondNoise() {
        var bench = NasBench201.load();
        var space = Spaces.nasBench201();
        var samples = ProxyStudy.sample(space, 80, 4);
        double[] truth = samples.stream().mapToDouble(s -> bench.evaluate(space.freeze(s), 1.0, 0)
                .metric("accuracy")).toArray();
        var oracle = new ProxyStudy.Correlation("oracle", "nasbench201", "validation_12ep", samples, truth, truth,
                List.of(), org.jnas.stats.RankCorrelation.compare(truth, truth), 0, 0);
        var result = PredictorWithProxy.compare(bench, oracle, 20, 6, 0);
        assertEquals(60, result.heldOut());
        assertEquals(6, result.with().length);
        assertTrue(result.verdict().significant() && result.verdict().difference() > 0.1, result.line());
        assertTrue(result.line().startsWith("PREDICTOR space=nasbench201 train=20 held_out=60 repeats=6"
                + " kendall_without="), result.line());
        var again = PredictorWithProxy.compare(bench, oracle, 20, 6, 0);
        assertArrayEquals(result.without(), again.without(), 0.0);
        assertArrayEquals(result.with(), again.with(), 0.0);
        var tooFew = assertThrows(IllegalArgumentException.class,
                () -> PredictorWithProxy.compare(bench, oracle, 75, 6, 0));
        assertTrue(tooFew.getMessage().contains("held-out"), tooFew.getMessage());
    }

    @Test
    void benchRefusesBadArgumentsBeforeAnyCompute() {
        assertEquals(2, ProxiesBench.run(new String[] {"--cells", "3"}));
        assertEquals(2, ProxiesBench.run(new String[] {"--seeds", "1"}));
        assertEquals(2, ProxiesBench.run(new String[] {"--n", "many"}));
    }

    @Test
    void correlationChartDrawsAndRefusesNonFinitePoints() {
        var chart = CorrelationChart.builder("t", "x", "y").points("a", new double[] {1, 10, 100},
                new double[] {0.1, 0.5, 0.7}).logX(true).build();
        assertTrue(chart.png().length > 1000);
        assertThrows(IllegalArgumentException.class, () -> CorrelationChart.builder("t", "x", "y")
                .points("a", new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> CorrelationChart.builder("t", "x", "y")
                .points("a", new double[] {0}, new double[] {1}).logX(true).build());
    }
}
