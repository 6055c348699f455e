package org.jnas.eval.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.Comparator;
import org.jnas.Jnas;
import org.jnas.data.DatasetMissingException;
import org.jnas.eval.cost.Costs;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.space.CellArchitecture;
import org.jnas.stats.RankCorrelation;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.SearchContext;
import org.jnas.strategy.Strategy;
import org.jnas.strategy.Trial;
import org.jnas.eval.Evaluation;
import org.jnas.space.CellSpace;
import org.jnas.space.ChoiceSpace;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void theTableShippedInTheRepositoryIsFoundFirstAndReadsLikeThePlainCsv(@TempDir Path dir) throws IOException {
        // the tests run from the repository root, as a user's clone and Binder do: no ../shared needed
        NasBench201 bench = NasBench201.load();
        assertEquals(NasBench201.SHIPPED.toAbsolutePath().normalize(), bench.source());
        assertTrue(Files.size(NasBench201.SHIPPED) < 1_500_000, "keep the shipped copy small (gzip -9)");
        // the first rows unpacked into a plain CSV give the same metrics as the gzipped copy
        Path plain = dir.resolve("first-rows.csv");
        try (var in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(NasBench201.SHIPPED)), StandardCharsets.UTF_8))) {
            Files.write(plain, in.lines().limit(41).toList());
        }
        NasBench201 head = NasBench201.load(plain);
        assertEquals(40, head.size());
        CellSpace space = Spaces.nasBench201();
        for (Sample s : head.allSamples()) {
            assertEquals(bench.evaluate(space.freeze(s), 1, 0).metrics(), head.evaluate(space.freeze(s), 1, 0).metrics());
            assertEquals(bench.test(space.freeze(s), 0), head.test(space.freeze(s), 0));
        }
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
        assertEquals(bench.querySeconds(s, 1.0), e.costSeconds());
        assertEquals(12 * bench.epochSeconds(s), e.costSeconds(), 1e-9); // the 12-epoch column's training
        assertEquals(e.costSeconds() / 3, bench.evaluate(space.freeze(s), 1.0 / 3, 0).costSeconds(), 1e-9);
        assertEquals(bench.flops(s), e.metric("flops"));
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

    @Test
    void flopsEqualWhatCostsCountsOnTheBenchmarksNetworkBuiltWithDjl() {
        Jnas.init();
        NasBench201 bench = NasBench201.load();
        CellSpace space = Spaces.nasBench201();
        Sample allConv = space.sampleOf("nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3", "nor_conv_3x3",
                "nor_conv_3x3", "nor_conv_3x3");
        Sample noConv = space.sampleOf("skip_connect", "none", "avg_pool_3x3", "skip_connect", "none", "none");
        assertEquals(220.11, bench.flops(allConv) / 1e6, 0.01); // NAS-Bench-201: 7.78 to 220.11 MFLOPs
        assertEquals(7.78, bench.flops(noConv) / 1e6, 0.01);
        List<Sample> checked = new ArrayList<>(List.of(allConv, noConv, space.fromArchString(ARCH)));
        Random rng = new Random(5);
        checked.add(space.sample(rng));
        checked.add(space.sample(rng));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (Sample s : checked) { // C=16, 5 cells per stage, 32x32x3 input, 10 classes
                assertEquals(djlMacs(m, s, 32, 10), bench.flops(s), space.toArchString(s));
            }
            Sample s = checked.get(2); // ImageNet16-120: 16x16 input, 120 classes
            assertEquals(djlMacs(m, s, 16, 120), bench.dataset(NasBench201.Dataset.IMAGENET16).flops(s));
        }
    }

    private static long djlMacs(NDManager m, Sample s, int resolution, int classes) {
        Block net = CellNetwork.builder().channels(16).cellsPerStage(5).inputChannels(3).classes(classes)
                .build((CellArchitecture) Spaces.nasBench201().freeze(s));
        net.initialize(m, DataType.FLOAT32, new Shape(1, 3, resolution, resolution));
        return Costs.macs(net);
    }

    @Test
    void queryCostVariesWithTheArchitectureFollowsItsFlopsAndAveragesNatsBenchsEpochTime() {
        NasBench201 bench = NasBench201.load();
        List<Sample> all = bench.allSamples();
        double[] cost = all.stream().mapToDouble(s -> bench.querySeconds(s, 1.0)).toArray();
        double[] flops = all.stream().mapToDouble(bench::flops).toArray();
        double mean = java.util.Arrays.stream(cost).average().orElseThrow();
        assertEquals(NasBench201.MEAN_QUERY_SECONDS, mean, 1e-6 * mean); // 9.1 s per epoch x 12 epochs
        double min = java.util.Arrays.stream(cost).min().orElseThrow();
        double max = java.util.Arrays.stream(cost).max().orElseThrow();
        assertTrue(min > 12 * 6 && min < 12 * 8, "cheapest cell " + min / 12 + " s per epoch");
        assertTrue(max > 12 * 14 && max < 12 * 17, "all-3x3 cell " + max / 12 + " s per epoch");
        // a monotone function of FLOPs: the two rank the space identically (ties included)
        double[] sub = java.util.Arrays.copyOf(cost, 3000);
        assertEquals(1.0, RankCorrelation.kendallTau(sub, java.util.Arrays.copyOf(flops, 3000)), 1e-9);
        // the two recorded per-epoch times it is anchored on come out close (the mean scaling moves them ~5%)
        CellSpace space = Spaces.nasBench201();
        assertEquals(10.848, bench.epochSeconds(space.fromArchString(ARCH)), 0.6);
        assertEquals(7.221, bench.epochSeconds(space.fromArchString(
                "|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|nor_conv_1x1~0|skip_connect~1|skip_connect~2|")),
                0.4);
        // other datasets: bigger epochs cost more (CIFAR-100: 50,000 images; ImageNet16-120: 151,700 at 16x16)
        Sample s = space.fromArchString(ARCH);
        assertEquals(2 * bench.epochSeconds(s), bench.dataset(NasBench201.Dataset.CIFAR100).epochSeconds(s),
                0.01 * bench.epochSeconds(s));
        assertTrue(bench.dataset(NasBench201.Dataset.IMAGENET16).epochSeconds(s) > bench.epochSeconds(s));
    }

    @Test
    void aCostBudgetBuysMoreCheapArchitecturesThanExpensiveOnes() {
        NasBench201 bench = NasBench201.load();
        List<Sample> byCost = new ArrayList<>(bench.allSamples());
        byCost.sort(Comparator.comparingDouble(s -> bench.querySeconds(s, 1.0)));
        List<Sample> cheap = byCost.subList(0, 200);
        List<Sample> dear = byCost.subList(byCost.size() - 200, byCost.size());
        Budget budget = Budget.costSeconds(50 * NasBench201.MEAN_QUERY_SECONDS);
        SearchResult cheapRun = Search.of(Spaces.nasBench201()).strategy(new Replay(cheap)).evaluator(bench)
                .budget(budget).seed(1).baseline(Baseline.none()).run();
        SearchResult dearRun = Search.of(Spaces.nasBench201()).strategy(new Replay(dear)).evaluator(bench)
                .budget(budget).seed(1).baseline(Baseline.none()).run();
        int nCheap = cheapRun.trials().size();
        int nDear = dearRun.trials().size();
        double cheapEach = cheapRun.totalCostSeconds() / nCheap;
        double dearEach = dearRun.totalCostSeconds() / nDear;
        // about 7.5 s vs 15 s per epoch: the same cost-seconds buy about twice as many cheap queries
        assertTrue(nCheap > 1.6 * nDear && nDear >= 30, nCheap + " cheap vs " + nDear + " expensive queries");
        assertEquals(dearEach / cheapEach, (double) nCheap / nDear, 0.1, "counts in the ratio of the costs");
    }

    /** Proposes the given samples in order: a strategy whose candidates' costs are known in advance. */
    private static final class Replay implements Strategy {
        private final List<Sample> samples;
        private int next;

        Replay(List<Sample> samples) {
            this.samples = samples;
        }

        @Override
        public void start(SearchContext context) {
        }

        @Override
        public List<Candidate> ask(int n) {
            var out = new ArrayList<Candidate>();
            for (int i = 0; i < n; i++) {
                out.add(new Candidate(samples.get(next++ % samples.size()), 1.0));
            }
            return out;
        }

        @Override
        public void tell(Trial trial) {
        }

        @Override
        public String describe() {
            return "replay(" + samples.size() + ")";
        }
    }
}
