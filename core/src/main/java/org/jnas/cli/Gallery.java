package org.jnas.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jnas.Jnas;
import org.jnas.render.*;
import org.jnas.ops.Ops;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.Genotypes;
import org.jnas.space.Spaces;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Writes one example of every picture kind to a folder ({@code docs/pictures} by default): the cells and the
 * chain are real architectures (DARTS V2, a NAS-Bench-201 cell, a sample of the mobile space); the charts and
 * tables use seeded synthetic search data shaped like real runs, so the pictures can be checked by eye without
 * running a search. Run it with {@code ./jnas pictures [folder]}.
 */
public final class Gallery {
    private Gallery() {
    }

    public static void main(String[] args) {
        Jnas.init();
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/pictures");
        boolean svg = List.of(args).contains("--svg");
        for (Map.Entry<String, Object> e : pictures().entrySet()) {
            Object item = e.getValue();
            if (item instanceof Picture p) {
                System.out.println(p.save(dir.resolve(e.getKey() + ".png")) + "  " + p.width() + "x" + p.height());
                if (svg) {
                    p.save(dir.resolve(e.getKey() + ".svg"));
                }
            } else if (item instanceof Tables.TableView t) {
                write(dir.resolve(e.getKey() + ".txt"), t.text());
                write(dir.resolve(e.getKey() + ".html"), t.html());
                System.out.println(dir.resolve(e.getKey() + ".txt") + " and .html");
            }
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text.endsWith("\n") ? text : text + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
        }
    }

    /** Every example, by file name stem, in a fixed order. */
    public static Map<String, Object> pictures() {
        var out = new LinkedHashMap<String, Object>();
        DartsSpace darts = Spaces.darts();
        out.put("cell_darts_v2", CellDiagram.of(darts.freeze(darts.fromGenotype(Genotypes.DARTS_V2))));
        out.put("cell_darts_v2_stacked", CellDiagram.stacked(darts.freeze(darts.fromGenotype(Genotypes.DARTS_V2))));
        CellSpace nb201 = Spaces.nasBench201();
        out.put("cell_nasbench201", CellDiagram.of(nb201.freeze(nb201.fromArchString(
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"))));
        var mobile = Spaces.mobile();
        out.put("chain_mobile", ChainDiagram.of(mobile.freeze(mobile.sample(new Random(2)))));
        var vit = Spaces.vit();
        out.put("transformer_vit", TransformerDiagram.of(vit.freeze(vit.sample(new Random(3)))));
        out.put("pareto", pareto());
        out.put("best_so_far", bestSoFar(false));
        out.put("best_so_far_vs_cost", bestSoFar(true));
        out.put("alpha_weights", alphas());
        out.put("train_valid", trainValid());
        Table history = history();
        out.put("history", Tables.view(history));
        out.put("top5", Tables.view(Tables.topK(history, "accuracy", 5, ParetoChart.Direction.MAXIMIZE)));
        return out;
    }

    static ParetoChart pareto() {
        Random rng = new Random(7);
        var points = new ArrayList<ParetoChart.Point>();
        for (int i = 0; i < 160; i++) {
            double params = Math.pow(10, -1.3 + 2.6 * rng.nextDouble());
            double acc = Math.min(94.5, 86.5 + 2.8 * Math.log10(params * 20) - Math.abs(rng.nextGaussian()) * 1.6);
            boolean feasible = params <= 8 && acc >= 85;
            points.add(new ParetoChart.Point(params, acc, "trial " + i, feasible));
        }
        List<ParetoChart.Point> front = ParetoChart.nonDominated(points, ParetoChart.Direction.MINIMIZE,
                ParetoChart.Direction.MAXIMIZE);
        return ParetoChart.builder()
                .x("parameters (millions)", ParetoChart.Direction.MINIMIZE)
                .y("validation accuracy (%)", ParetoChart.Direction.MAXIMIZE)
                .points(points)
                .xLimit(8, "budget: 8 M parameters")
                .yLimit(85, "floor: 85 %")
                .chosen(front.get(front.size() * 2 / 3).label())
                .build();
    }

    static CurveChart bestSoFar(boolean vsCost) {
        var b = CurveChart.bestSoFar("validation accuracy (%)", ParetoChart.Direction.MAXIMIZE);
        if (vsCost) {
            b.vsCost("search time (s)");
        }
        for (String group : List.of("random search", "regularized evolution")) {
            for (int seed = 0; seed < 5; seed++) {
                Random rng = new Random(seed * 31L + group.length());
                double[] values = new double[100];
                double[] cost = new double[100];
                double t = 0;
                for (int i = 0; i < values.length; i++) {
                    double sharpness = group.startsWith("random") ? 0.6 : 0.6 + i / 35.0;
                    values[i] = 93.5 - 11 * Math.pow(rng.nextDouble(), sharpness);
                    t += 20 + 40 * rng.nextDouble();
                    cost[i] = t;
                }
                if (vsCost) {
                    b.run(group, cost, values);
                } else {
                    b.run(group, values);
                }
            }
        }
        return b.build();
    }

    static AlphaChart alphas() {
        List<String> ops = Ops.DARTS_PRIMITIVES;
        var b = AlphaChart.builder(ops).logits(true)
                .title("DARTS normal cell: op weight (softmax of alpha, 0-1) per edge vs epoch");
        Random rng = new Random(3);
        String[] names = {"c_{k-2}", "c_{k-1}", "0", "1", "2"};
        for (int node = 0; node < 4; node++) {
            for (int from = 0; from < node + 2; from++) {
                double[][] logits = new double[50][ops.size()];
                double[] drift = new double[ops.size()];
                for (int o = 0; o < ops.size(); o++) {
                    drift[o] = rng.nextGaussian() * 0.01;
                }
                drift[ops.indexOf(from >= 2 ? "skip_connect" : "sep_conv_3x3")] += 0.03;
                for (int e = 1; e < 50; e++) {
                    for (int o = 0; o < ops.size(); o++) {
                        logits[e][o] = logits[e - 1][o] + drift[o] + rng.nextGaussian() * 0.01;
                    }
                }
                b.edge(names[from] + " \u2192 " + node, logits);
            }
        }
        return b.build();
    }

    static CurveChart trainValid() {
        Random rng = new Random(5);
        double[] train = new double[30];
        double[] valid = new double[30];
        for (int e = 0; e < 30; e++) {
            train[e] = 0.22 + 1.9 * Math.exp(-e / 5.0) + rng.nextGaussian() * 0.01;
            valid[e] = 0.34 + 1.8 * Math.exp(-e / 5.0) + 0.004 * Math.max(0, e - 15) * (e - 15) / 3
                    + rng.nextGaussian() * 0.015;
        }
        return CurveChart.perEpoch("cross-entropy loss").curve("train", train).curve("valid", valid)
                .title("train and validation loss per epoch").build();
    }

    static Table history() {
        Random rng = new Random(11);
        CellSpace nb201 = Spaces.nasBench201();
        int n = 12;
        IntColumn trial = IntColumn.create("trial");
        StringColumn arch = StringColumn.create("architecture");
        DoubleColumn acc = DoubleColumn.create("accuracy");
        DoubleColumn params = DoubleColumn.create("params_M");
        DoubleColumn seconds = DoubleColumn.create("seconds");
        for (int i = 0; i < n; i++) {
            trial.append(i);
            arch.append(nb201.toArchString(nb201.sample(rng)));
            acc.append(80 + 13 * rng.nextDouble());
            params.append(0.1 + 1.4 * rng.nextDouble());
            seconds.append(20 + 40 * rng.nextDouble());
        }
        return Table.create("search history", trial, arch, acc, params, seconds);
    }
}
