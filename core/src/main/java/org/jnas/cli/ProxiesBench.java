package org.jnas.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluators;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.proxy.PredictorWithProxy;
import org.jnas.proxy.Proxies;
import org.jnas.proxy.ProxyScorer;
import org.jnas.proxy.ProxyStudy;
import org.jnas.proxy.Synflow;
import org.jnas.proxy.ZeroCostProxy;
import org.jnas.space.CellSpace;
import org.jnas.space.Sample;

/**
 * {@code ./jnas bench proxies [--n 1000] [--cells 16] [--seeds 2] [--train 3000] [--skip-nasbench201]
 * [--skip-fashion] [--fresh]}: how far zero-cost proxies can be trusted (issue 18).
 * <ol>
 *   <li>NAS-Bench-201: synflow on the benchmark's own network (C=16, 5 cells per stage, 32x32x3, 10 classes) for
 *       a seeded sample of {@code n} architectures, against the table's CIFAR-10 200-epoch test accuracy; the
 *       parameter count beside it as the baseline to beat; the published figure where the paper gives one.</li>
 *   <li>The same synflow scores as a predictor feature: Kendall tau of the predictor's held-out predictions with
 *       and without them, over repeated random splits, with a Welch verdict.</li>
 *   <li>Fashion-MNIST, the quickstart's 64-cell space: {@code cells} seeded cells trained stand-alone with
 *       {@code seeds} seeds (cached in target/proxies), against every proxy; the seed-to-seed agreement as the
 *       ceiling.</li>
 * </ol>
 * Prints one {@code PROXY name=.. space=.. n=.. spearman=.. kendall=.. ms_per_arch=..} line per proxy and setting,
 * and {@code PREDICTOR ...} lines. Proxy scores and trainings are cached under {@code target/proxies} (a re-run
 * reuses them and says {@code cached=K}; {@code --fresh} recomputes the proxy scores without storing them, so
 * ms_per_arch is measured in this run, and still reads the stand-alone trainings from the cache).
 * {@code --with-peer K} times synflow on K of the NAS-Bench-201 architectures against the PyTorch
 * peer {@code bench/synflow_reference.py}, interleaved ({@link SynflowPeer}).
 */
public final class ProxiesBench {
    /** The quickstart notebook's space: one input, two nodes, four ops: 64 cells. */
    public static final CellSpace QUICKSTART_SPACE = CellSpace.builder("quickstart").inputs(1).nodes(2)
            .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();

    /** Abdelfattah et al. 2021, NAS-Bench-201 CIFAR-10, Spearman over all 15,625 architectures (Table 2). */
    static final String SYNFLOW_PUBLISHED = "spearman_0.74(Abdelfattah2021,all_15625,via_secondary_table)";

    private ProxiesBench() {
    }

    record Options(int n, int cells, int seeds, int train, boolean nasBench201, boolean fashion, boolean fresh,
                   int peer) {
        static Options parse(String[] args) {
            int n = 1000;
            int cells = 16;
            int seeds = 2;
            int train = 3000;
            boolean nb = true;
            boolean fm = true;
            boolean fresh = false;
            int peer = 0;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--n" -> n = positive(args, ++i);
                    case "--cells" -> cells = positive(args, ++i);
                    case "--seeds" -> seeds = positive(args, ++i);
                    case "--train" -> train = positive(args, ++i);
                    case "--skip-nasbench201" -> nb = false;
                    case "--skip-fashion" -> fm = false;
                    case "--fresh" -> fresh = true;
                    case "--with-peer" -> peer = positive(args, ++i);
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (cells < org.jnas.stats.RankCorrelation.MIN_PAIRS || cells > 64) {
                throw new IllegalArgumentException("--cells must be between " + org.jnas.stats.RankCorrelation.MIN_PAIRS
                        + " and 64 (the quickstart space has 64 cells), got " + cells);
            }
            if (seeds < 2) {
                throw new IllegalArgumentException("--seeds must be at least 2 (seed-to-seed noise), got " + seeds);
            }
            return new Options(n, cells, seeds, train, nb, fm, fresh, peer);
        }

        private static int positive(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException(args[i - 1] + " needs a value");
            }
            int v;
            try {
                v = Integer.parseInt(args[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(args[i - 1] + " needs a positive integer, got '" + args[i] + "'");
            }
            if (v < 1) {
                throw new IllegalArgumentException(args[i - 1] + " needs a positive integer, got " + v);
            }
            return v;
        }
    }

    public static int run(String[] args) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("jnas bench proxies: " + e.getMessage() + "\nusage: ./jnas bench proxies [--n 1000]"
                    + " [--cells 16] [--seeds 2] [--train 3000] [--skip-nasbench201] [--skip-fashion] [--fresh] [--with-peer K]");
            return 2;
        }
        Path cache = Path.of("target", "proxies");
        // --fresh: proxy scores computed in this run and not stored; stand-alone trainings still come from the cache
        Path proxyCache = o.fresh() ? null : cache;
        NasBench201 bench = null;
        DataSplits data = null;
        try {
            if (o.nasBench201()) {
                bench = NasBench201.load();
            }
            if (o.fashion()) {
                data = Datasets.fashionMnist();
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("jnas bench proxies: " + e.getMessage());
            return 2;
        }
        var progress = (java.util.function.Consumer<String>) line -> System.err.println("  " + line);
        if (bench != null) {
            long t0 = System.nanoTime();
            var results = ProxyStudy.nasBench201(bench, new Synflow(), o.n(), 0, 0, proxyCache, progress);
            System.out.println(results.get(0).line(SYNFLOW_PUBLISHED));
            System.out.println(results.get(1).line("na(baseline)"));
            if (!results.get(0).failures().isEmpty()) {
                System.err.println("  failed synflow scores: " + results.get(0).failures().size() + ", first: "
                        + results.get(0).failures().get(0));
            }
            System.err.printf(Locale.ROOT, "  (NAS-Bench-201 study: %.0f s)%n", (System.nanoTime() - t0) / 1e9);
            for (int train : new int[] {20, 50}) {
                if (train + org.jnas.stats.RankCorrelation.MIN_PAIRS <= results.get(0).samples().size()) {
                    System.out.println(PredictorWithProxy.compare(bench, results.get(0), train, 20, 0).line());
                }
            }
        }
        if (o.peer() > 0) {
            int code = SynflowPeer.run(o.peer());
            if (code != 0) {
                return code;
            }
        }
        if (data != null) {
            var space = QUICKSTART_SPACE;
            List<Sample> cells = ProxyStudy.sample(space, o.cells(), 0);
            TrainingEvaluator training = fashionTraining(data, o.train());
            long[] seeds = new long[o.seeds()];
            for (int k = 0; k < seeds.length; k++) {
                seeds[k] = k;
            }
            var truth = ProxyStudy.standAlone(space, cells, training, seeds, cache, progress);
            var scorer = fashionScorer(data);
            var lines = new ArrayList<String>();
            for (ZeroCostProxy proxy : scorer.proxies()) {
                var c = ProxyStudy.correlate(scorer, proxy, space, cells, truth.mean(),
                        "standalone_mean_of_" + seeds.length + "_seeds", 0, proxyCache, progress);
                lines.add(c.line("na(own_space:no_published_figure)"));
            }
            lines.add(truth.line());
            lines.forEach(System.out::println);
        }
        return 0;
    }

    /**
     * The stand-alone training of the Fashion-MNIST study: the quickstart's network, one epoch on a subset, batch
     * 32 (on a few thousand images, batch 64 leaves too few steps to separate cells), 1,000 validation images.
     */
    public static TrainingEvaluator fashionTraining(DataSplits data, int trainImages) {
        return Evaluators.train(data).network(new NetworkBuilder().channels(8).cellsPerStage(1)).epochs(1)
                .batchSize(32).trainLimit(trainImages).validationLimit(1000).latency(null).build();
    }

    /** Every proxy on the quickstart's network, one batch of 64 training images. */
    public static ProxyScorer fashionScorer(DataSplits data) {
        return ProxyScorer.builder(new NetworkBuilder().channels(8).cellsPerStage(1)).proxies(Proxies.all())
                .data(data.train()).batchSize(64).build();
    }
}
