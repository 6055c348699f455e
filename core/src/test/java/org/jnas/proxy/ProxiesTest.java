package org.jnas.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import org.jnas.Jnas;
import org.jnas.data.Datasets;
import org.jnas.data.ImageData;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.Search;
import org.jnas.run.SearchResult;
import org.jnas.space.CellSpace;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;

class ProxiesTest {

    /**
     * Linear(2->2, no bias), BatchNorm, ReLU, Linear(2->1, no bias), W1 = [[1, -2], [3, 4]], W2 = [[0.5, -1]].
     * With |W| and an all-ones input, R = |W2| |W1| 1 = 0.5 * 3 + 1 * 7 = 8.5, and each layer's
     * sum |theta * dR/dtheta| equals R (R is linear in each layer's weights), so synflow = 2 R = 17; BatchNorm in
     * inference mode at its initial statistics divides by sqrt(1 + 1e-5).
     */
    @Test
    void synflowOfATinyNetworkEqualsTheHandComputedValue() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager()) {
            var net = new SequentialBlock()
                    .add(Linear.builder().setUnits(2).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(1).optBias(false).build());
            net.initialize(m, DataType.FLOAT64, new Shape(1, 2));
            var weights = net.getParameters().stream().map(p -> p.getValue())
                    .filter(p -> p.getType() == Parameter.Type.WEIGHT).toList();
            weights.get(0).getArray().set(new double[] {1, -2, 3, 4});
            weights.get(1).getArray().set(new double[] {0.5, -1});
            double score = new Synflow().compute(new ProxyInput(net, m, new Shape(2), null, null));
            assertEquals(17 / Math.sqrt(1 + 1e-5), score, 1e-9);
        }
    }

    @Test
    void jacobiEigenvaluesMatchKnownOnes() {
        double[] v = Eigen.symmetricEigenvalues(new double[][] {{2, 1, 0}, {1, 2, 0}, {0, 0, 5}});
        java.util.Arrays.sort(v);
        assertEquals(1, v[0], 1e-12);
        assertEquals(3, v[1], 1e-12);
        assertEquals(5, v[2], 1e-12);
    }

    private static final CellSpace QUICKSTART = CellSpace.builder("quickstart").inputs(1).nodes(2)
            .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();

    private static ImageData trainSubset() {
        return Datasets.fashionMnist().train().slice(0, 512);
    }

    /** Every proxy gives bit-identical scores for the same seed on CPU, and other scores for another seed. */
    @Test
    void everyProxyIsDeterministicForASeed() {
        var scorer = ProxyScorer.builder(new NetworkBuilder().channels(8).cellsPerStage(1)).proxies(Proxies.all())
                .data(trainSubset()).batchSize(32).build();
        var arch = QUICKSTART.freeze(QUICKSTART.sample(new java.util.Random(3)));
        var first = scorer.score(arch, 7);
        var again = scorer.score(arch, 7);
        var other = scorer.score(arch, 8);
        for (String name : Proxies.names()) {
            assertTrue(first.get(name).ok(), first.get(name).toString());
            assertEquals(first.get(name).value(), again.get(name).value(), 0.0, name + " is deterministic");
            assertNotEquals(first.get(name).value(), other.get(name).value(), name + " depends on the seed");
        }
    }

    /** A NAS-Bench-201 cell whose every path passes 'none' has no synflow: a failure with the reason, not a 0. */
    @Test
    void aDisconnectedCellIsAFailedScoreWithItsReasonNotAZero() {
        var space = Spaces.nasBench201();
        var arch = space.freeze(space.fromArchString(
                "|nor_conv_3x3~0|+|none~0|nor_conv_3x3~1|+|none~0|none~1|none~2|"));
        var scorer = ProxyScorer.builder(new NetworkBuilder().input(3, 32, 32).channels(8).cellsPerStage(1))
                .proxies(new Synflow()).build();
        ProxyScore s = scorer.score(arch, 0).get("synflow");
        assertFalse(s.ok());
        assertTrue(Double.isNaN(s.value()));
        assertTrue(s.failure().contains("'none'"), s.failure());
        var evaluator = new ProxyEvaluator(scorer);
        var e = assertThrows(EvaluationFailedException.class, () -> evaluator.evaluate(arch, 1.0, 0));
        assertTrue(e.getMessage().contains("synflow"), e.getMessage());
    }

    /**
     * Issue 18 point 2: the proxies are an evaluator a search runs on like any other. A space of 8 cells where 3
     * have no input-to-output path: their trials are recorded as failed with the reason, never scored 0, and the
     * best is the highest synflow among the rest; the same seed gives the same trials and scores.
     */
    @Test
    void aSearchRunsOnTheProxyEvaluatorAndRecordsUndefinedScoresAsFailedTrials() {
        var space = CellSpace.builder("conv-or-none").inputs(1).nodes(2).ops("none", "nor_conv_3x3").build();
        var scorer = ProxyScorer.builder(new NetworkBuilder().channels(4).cellsPerStage(1)).proxies(new Synflow())
                .build();
        java.util.function.Supplier<SearchResult> search = () -> Search.of(space).strategy(Strategies.random())
                .evaluator(new ProxyEvaluator(scorer)).objectives(Objective.maximize("synflow"))
                .budget(Budget.trials(12)).seed(2).baseline(Baseline.none()).run();
        SearchResult r = search.get();
        assertEquals(12, r.trials().size());
        var failed = r.trials().stream().filter(t -> !t.ok()).toList();
        assertFalse(failed.isEmpty(), "some drawn cells are disconnected");
        for (Trial t : failed) {
            assertEquals("none", t.sample().getString("0->2"), t.toString());
            assertTrue(t.error().contains("synflow") && t.error().contains("'none'"), t.error());
        }
        var ok = r.trials().stream().filter(Trial::ok).toList();
        assertTrue(ok.stream().allMatch(t -> t.metric("synflow") > 0 && t.metrics().containsKey("proxy_ms")));
        assertEquals(ok.stream().mapToDouble(t -> t.metric("synflow")).max().orElseThrow(),
                r.best().metric("synflow"), 0.0);
        SearchResult again = search.get();
        assertEquals(r.trials().stream().map(Trial::sample).toList(),
                again.trials().stream().map(Trial::sample).toList());
        assertEquals(ok.stream().map(t -> t.metric("synflow")).toList(),
                again.trials().stream().filter(Trial::ok).map(t -> t.metric("synflow")).toList());
    }

    @Test
    void aDataProxyWithoutDataIsRefusedBeforeAnyNetworkIsBuilt() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ProxyScorer.builder(new NetworkBuilder()).proxies(new JacobianCovariance()).build());
        assertTrue(e.getMessage().contains(".data("), e.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> ProxyScorer.builder(new NetworkBuilder().input(3, 32, 32)).proxies(new Snip())
                        .data(trainSubset()).build());
        assertTrue(shape.getMessage().contains("NetworkBuilder.input(1, 28, 28)"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Proxies.named("synflw"));
    }

    /** The benchmark's own network: C=16, five cells per stage, 32x32x3, 10 classes. */
    @Test
    void synflowRunsOnTheNasBench201NetworkAndPrefersConvolutions() {
        var space = Spaces.nasBench201();
        var scorer = ProxyScorer.builder(new NetworkBuilder().input(3, 32, 32).classes(10).channels(16)
                .cellsPerStage(5)).proxies(new Synflow()).build();
        var convs = space.freeze(space.fromArchString(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|"));
        var pools = space.freeze(space.fromArchString(
                "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|"));
        scorer.score(convs, 0); // warm-up
        ProxyScore c = scorer.score(convs, 0).get("synflow");
        ProxyScore p = scorer.score(pools, 0).get("synflow");
        System.out.println("NAS-Bench-201 network synflow: " + c + " / " + p);
        assertTrue(c.ok() && p.ok());
        assertTrue(c.value() > p.value(), "all-3x3 convolutions carry more synaptic flow than all pooling");
    }
}
