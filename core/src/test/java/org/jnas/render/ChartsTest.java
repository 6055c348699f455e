package org.jnas.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jnas.ops.Ops;
import org.jnas.render.ParetoChart.Direction;
import org.jnas.render.ParetoChart.Point;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.knowm.xchart.XYSeries;

class ChartsTest {

    /** A trade-off cloud: good in x means bad in y, as between a cost and an accuracy. */
    static List<Point> tradeOff(long seed, int n, Direction dx, Direction dy) {
        Random rng = new Random(seed);
        var points = new ArrayList<Point>();
        for (int i = 0; i < n; i++) {
            double gx = rng.nextDouble();
            double gy = 1 - gx - 0.3 * rng.nextDouble();
            // coarse values make ties and exact duplicates likely
            double x = Math.round((dx == Direction.MAXIMIZE ? gx : 1 - gx) * 20) / 2.0 + 0.5;
            double y = Math.round((dy == Direction.MAXIMIZE ? gy : 1 - gy) * 20) / 2.0;
            points.add(new Point(x, y, "p" + i, rng.nextDouble() > 0.15));
        }
        return points;
    }

    /** Brute force: a feasible point is on the front when no feasible point dominates it. */
    static List<String> bruteForceFront(List<Point> points, Direction dx, Direction dy) {
        var out = new ArrayList<String>();
        for (Point p : points) {
            if (!p.feasible()) {
                continue;
            }
            boolean dominated = false;
            for (Point q : points) {
                if (!q.feasible()) {
                    continue;
                }
                boolean noWorse = !dx.better(p.x(), q.x()) && !dy.better(p.y(), q.y());
                boolean better = dx.better(q.x(), p.x()) || dy.better(q.y(), p.y());
                dominated |= noWorse && better;
            }
            if (!dominated) {
                out.add(p.x() + "," + p.y());
            }
        }
        return out.stream().sorted().toList();
    }

    static List<String> seriesPoints(XYSeries s) {
        var out = new ArrayList<String>();
        for (int i = 0; i < s.getXData().length; i++) {
            out.add(s.getXData()[i] + "," + s.getYData()[i]);
        }
        return out.stream().sorted().toList();
    }

    @ParameterizedTest
    @CsvSource({"MINIMIZE,MAXIMIZE", "MINIMIZE,MINIMIZE", "MAXIMIZE,MAXIMIZE", "MAXIMIZE,MINIMIZE"})
    void frontSeriesHoldsExactlyTheNonDominatedFeasiblePoints(Direction dx, Direction dy) {
        List<Point> points = tradeOff(dx.ordinal() * 2L + dy.ordinal(), 300, dx, dy);
        ParetoChart chart = ParetoChart.builder().x("cost (s)", dx).y("score (%)", dy).points(points).build();
        var series = chart.xyChart().getSeriesMap();
        List<String> expected = bruteForceFront(points, dx, dy);
        assertTrue(expected.size() >= 3, "test data should have a real front: " + expected);
        assertEquals(expected, seriesPoints(series.get(ParetoChart.FRONT_SERIES)));
        assertEquals(expected.size(), chart.front().size());
        // every other feasible point is drawn faded, every infeasible one greyed: nothing lost, nothing twice
        long feasible = points.stream().filter(Point::feasible).count();
        assertEquals(feasible - expected.size(), series.get(ParetoChart.DOMINATED_SERIES).getXData().length);
        assertEquals(points.size() - feasible, series.get(ParetoChart.INFEASIBLE_SERIES).getXData().length);
        // the front is connected in x order
        double[] fx = series.get(ParetoChart.FRONT_SERIES).getXData();
        for (int i = 1; i < fx.length; i++) {
            assertTrue(fx[i] >= fx[i - 1]);
        }
        assertEquals(XYSeries.XYSeriesRenderStyle.Line,
                series.get(ParetoChart.FRONT_SERIES).getXYSeriesRenderStyle());
    }

    @Test
    void costSpanningDecadesGetsALogAxisAndLimitsAndChoiceAreDrawn() throws Exception {
        ParetoChart chart = ParetoChart.builder()
                .x("parameters (M)", Direction.MINIMIZE).y("accuracy (%)", Direction.MAXIMIZE)
                .point(0.05, 85, "tiny", true).point(0.5, 89, "small", true).point(5, 92, "big", true)
                .point(20, 93, "huge", false).point(1, 86, "meh", true)
                .xLimit(8, "8 M budget").chosen("small").build();
        assertTrue(chart.xyChart().getStyler().isXAxisLogarithmic());
        assertFalse(chart.xyChart().getStyler().isYAxisLogarithmic());
        assertEquals(List.of("tiny", "small", "big"), chart.front().stream().map(Point::label).toList());
        var series = chart.xyChart().getSeriesMap();
        assertArrayEquals(new double[] {8, 8}, series.get("limit: 8 M budget").getXData());
        assertArrayEquals(new double[] {0.5}, series.get("chosen: small").getXData());
        assertTrue(chart.describe().contains("3 on the front") && chart.describe().contains("chosen small"));

        BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png(640, 400)));
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        assertEquals(chart.svg(), chart.svg());
    }

    @Test
    void paretoRejectsWhatItCannotDraw() {
        var unknown = assertThrows(IllegalArgumentException.class, () -> ParetoChart.builder()
                .point(1, 2, "a", true).chosen("b").build());
        assertTrue(unknown.getMessage().contains("'b'"));
        assertThrows(IllegalArgumentException.class, () -> new Point(Double.NaN, 1, "nan", true));
        var log = assertThrows(IllegalArgumentException.class, () -> ParetoChart.builder()
                .point(-1, 2, "a", true).point(3, 4, "b", true).logX(true).build());
        assertTrue(log.getMessage().contains("positive"));
        assertThrows(IllegalArgumentException.class, () -> ParetoChart.builder().build());
    }

    @Test
    void aSearchWhereEveryTrialBrokeAConstraintStillDraws() throws Exception {
        ParetoChart chart = ParetoChart.builder().point(1, 2, "a", false).point(2, 3, "b", false).build();
        assertTrue(chart.front().isEmpty());
        assertFalse(chart.xyChart().getSeriesMap().containsKey(ParetoChart.FRONT_SERIES));
        assertEquals(2, chart.xyChart().getSeriesMap().get(ParetoChart.INFEASIBLE_SERIES).getXData().length);
        assertEquals("no feasible trial among 2", chart.xyChart().getTitle());
        assertEquals(XyChartPicture.DEFAULT_WIDTH, ImageIO.read(new ByteArrayInputStream(chart.png())).getWidth());
    }

    @Test
    void bestSoFarBandIsTheMeanMinAndMaxOfTheRunningBests() {
        CurveChart chart = CurveChart.bestSoFar("accuracy (%)", Direction.MAXIMIZE)
                .run("random", new double[] {1, 3, 2, 5})
                .run("random", new double[] {2, 1, 4, 4, 9})   // longer run: cut to the shortest
                .run("evolution", new double[] {0, 6})
                .build();
        CurveChart.Band random = chart.bands().get("random");
        assertArrayEquals(new double[] {1, 2, 3, 4}, random.x());
        // running bests: [1,3,3,5] and [2,2,4,4]
        assertArrayEquals(new double[] {1.5, 2.5, 3.5, 4.5}, random.mean(), 1e-12);
        assertArrayEquals(new double[] {1, 2, 3, 4}, random.low(), 1e-12);
        assertArrayEquals(new double[] {2, 3, 4, 5}, random.high(), 1e-12);
        assertEquals(2, random.runs());
        assertArrayEquals(new double[] {0, 6}, chart.bands().get("evolution").mean(), 1e-12);
        var series = chart.xyChart().getSeriesMap();
        assertTrue(series.containsKey("random (2 runs)") && series.containsKey("random spread"));
        assertFalse(series.containsKey("evolution spread"), "one run has no spread to draw");
        assertArrayEquals(new double[] {1, 3, 3, 5}, CurveChart.runningBest(new double[] {1, 3, 2, 5},
                Direction.MAXIMIZE));
        assertArrayEquals(new double[] {1, 1, 1, 0.5}, CurveChart.runningBest(new double[] {1, 3, 2, 0.5},
                Direction.MINIMIZE));
    }

    @Test
    void againstCostRunsAreSampledAsStepsWhereAllHaveData() {
        CurveChart chart = CurveChart.bestSoFar("error (%)", Direction.MINIMIZE).vsCost("search time (s)")
                .spread(CurveChart.Spread.STD)
                .run("rs", new double[] {10, 20, 30}, new double[] {9, 7, 8})
                .run("rs", new double[] {15, 25, 40}, new double[] {5, 6, 4})
                .build();
        CurveChart.Band b = chart.bands().get("rs");
        // common span: 15 (both started) .. 30 (first run ended)
        assertArrayEquals(new double[] {15, 20, 25, 30}, b.x());
        // run 1 best at 15,20,25,30: 9,7,7,7; run 2: 5,5,5,5
        assertArrayEquals(new double[] {7, 6, 6, 6}, b.mean(), 1e-12);
        assertArrayEquals(new double[] {5, 5, 5, 5}, b.low(), 1e-12);
        assertArrayEquals(new double[] {9, 7, 7, 7}, b.high(), 1e-12);
        assertEquals(XYSeries.XYSeriesRenderStyle.Step,
                chart.xyChart().getSeriesMap().get("rs (2 runs)").getXYSeriesRenderStyle());

        var mismatch = assertThrows(IllegalArgumentException.class, () -> CurveChart.bestSoFar("e", Direction.MINIMIZE)
                .vsCost("s").run("rs", new double[] {1, 2}, new double[] {1}));
        assertTrue(mismatch.getMessage().contains("one cost per evaluation"));
        var decreasing = assertThrows(IllegalArgumentException.class, () -> CurveChart.bestSoFar("e",
                Direction.MINIMIZE).vsCost("s").run("rs", new double[] {2, 1}, new double[] {1, 1}));
        assertTrue(decreasing.getMessage().contains("cumulative"));
        assertThrows(IllegalStateException.class, () -> CurveChart.bestSoFar("e", Direction.MINIMIZE).vsCost("s")
                .run("rs", new double[] {1}));
        var disjoint = assertThrows(IllegalArgumentException.class, () -> CurveChart.bestSoFar("e",
                Direction.MINIMIZE).vsCost("s").run("g", new double[] {1, 2}, new double[] {1, 1})
                .run("g", new double[] {5, 6}, new double[] {1, 1}).build());
        assertTrue(disjoint.getMessage().contains("do not overlap"), disjoint.getMessage());
    }

    @Test
    void perEpochCurvesDrawEachNamedCurve() throws Exception {
        CurveChart chart = CurveChart.perEpoch("loss").curve("train", new double[] {2, 1, 0.5})
                .curve("valid", new double[] {2.1, 1.3, 0.9}).build();
        var series = chart.xyChart().getSeriesMap();
        assertEquals(List.of("train", "valid"), List.copyOf(series.keySet()));
        assertArrayEquals(new double[] {1, 2, 3}, series.get("valid").getXData());
        assertArrayEquals(new double[] {2.1, 1.3, 0.9}, series.get("valid").getYData());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertEquals(XyChartPicture.DEFAULT_WIDTH, img.getWidth());
        assertEquals(XyChartPicture.DEFAULT_HEIGHT, img.getHeight());
        assertThrows(IllegalArgumentException.class, () -> CurveChart.perEpoch("loss").build());
    }

    @Test
    void alphaChartAppliesTheSoftmaxAndDrawsOnePanelPerEdge() throws Exception {
        List<String> ops = Ops.DARTS_PRIMITIVES;
        double[][] logits = new double[5][ops.size()];
        for (int e = 0; e < 5; e++) {
            logits[e][ops.indexOf("skip_connect")] = e;   // skip grows
        }
        double[][] flat = new double[5][ops.size()];
        AlphaChart chart = AlphaChart.builder(ops).logits(true).edge("c_{k-2} -> 0", logits)
                .edge("c_{k-1} -> 0", flat).columns(2).build();
        for (double[][] w : chart.weights().values()) {
            for (double[] row : w) {
                assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-9);
            }
        }
        assertEquals(1.0 / ops.size(), chart.weights().get("c_{k-1} -> 0")[4][0], 1e-12);
        assertEquals("skip_connect", chart.strongestAtEnd().get("c_{k-2} -> 0"));
        assertEquals(2 * 260, chart.width());
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(chart.png(700, 500)));
        assertEquals(700, img.getWidth());
        assertEquals(500, img.getHeight());
        // the legend names every op: the SVG draws it as text
        List<String> texts = DiagramTest.svgTexts(chart.svg());
        assertTrue(texts.containsAll(ops), texts.toString());

        var notWeights = assertThrows(IllegalArgumentException.class, () -> AlphaChart.builder(ops)
                .edge("e", logits).build());
        assertTrue(notWeights.getMessage().contains("logits(true)"));
        var shape = assertThrows(IllegalArgumentException.class, () -> AlphaChart.builder(ops)
                .edge("e", new double[][] {{1, 0}}));
        assertTrue(shape.getMessage().contains("2 values but there are 8 ops"));
    }

    @Test
    void alphaChartZoomsOnWeightsThatBarelyLeftUniformWithOneRangeForAllPanels() {
        double[][] early = {{0.12, 0.13, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125}};
        double[] hug = AlphaChart.yRange(java.util.Map.of("a", early, "b", early));
        assertTrue(hug[0] < 0.12 && hug[0] > 0.11 && hug[1] > 0.13 && hug[1] < 0.14, java.util.Arrays.toString(hug));
        double[][] rising = {{0.02, 0.02, 0.02, 0.22, 0.08, 0.08, 0.08, 0.08}};
        assertArrayEquals(new double[] {0, 0.25}, AlphaChart.yRange(java.util.Map.of("a", early, "b", rising)), 1e-12);
        double[][] late = {{0.02, 0.02, 0.02, 0.62, 0.08, 0.08, 0.08, 0.08}};
        assertArrayEquals(new double[] {0, 0.7}, AlphaChart.yRange(java.util.Map.of("a", early, "b", late)), 1e-12);
        assertArrayEquals(new double[] {0, 1}, AlphaChart.yRange(java.util.Map.of("a", new double[][] {{0.99, 0.01}})),
                1e-12);
        var chart = AlphaChart.builder(Ops.DARTS_PRIMITIVES).edge("a", early).edge("b", late).build();
        assertTrue(chart.png().length > 1000);
    }
}
