package org.jnas.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Curves over time, two kinds.
 *
 * <p><b>Best so far</b>: for several groups (strategies), each run several times (seeds), the best objective found
 * after each evaluation (or after so many seconds of search), as the mean over runs with a band showing the spread
 * (min-max, or mean &plusmn; one standard deviation). This is the plot that compares random search and evolution
 * honestly: each group is only drawn where all of its runs have data, so a long lucky run cannot stretch a mean.
 *
 * <pre>{@code
 * CurveChart.bestSoFar("validation accuracy (%)", ParetoChart.Direction.MAXIMIZE)
 *         .run("random search", accuraciesSeed1)     // one value per evaluation, in order
 *         .run("random search", accuraciesSeed2)
 *         .run("evolution", accuraciesSeed1b)
 *         .build();
 * CurveChart.bestSoFar("validation accuracy (%)", ParetoChart.Direction.MAXIMIZE)
 *         .vsCost("search time (s)").run("evolution", cumulativeSeconds, accuracies).build();
 * }</pre>
 *
 * <p><b>Per epoch</b>: plain named curves against epochs 1..n, e.g. train and validation loss.
 *
 * <pre>{@code
 * CurveChart.perEpoch("cross-entropy loss").curve("train", trainLoss).curve("valid", validLoss).build();
 * }</pre>
 */
public final class CurveChart extends XyChartPicture {

    /** How the band around a group's mean is drawn. */
    public enum Spread {
        /** From the worst to the best run at each point. */
        MIN_MAX,
        /** Mean plus and minus one (population) standard deviation. */
        STD
    }

    /**
     * A group's summary at each grid point.
     *
     * @param x    evaluations (1, 2, ...) or cost
     * @param mean the mean best-so-far over runs
     * @param low  lower edge of the band
     * @param high upper edge of the band
     * @param runs how many runs were summarised
     */
    public record Band(double[] x, double[] mean, double[] low, double[] high, int runs) {
    }

    private final Map<String, Band> bands;
    private final String description;

    private CurveChart(XYChart chart, Map<String, Band> bands, String description) {
        super(chart);
        this.bands = bands;
        this.description = description;
    }

    /** Best objective so far, for runs of one or more groups. */
    public static BestSoFarBuilder bestSoFar(String objectiveTitle, ParetoChart.Direction direction) {
        return new BestSoFarBuilder(objectiveTitle, direction);
    }

    /** Named curves against epochs 1..n. */
    public static PerEpochBuilder perEpoch(String yTitle) {
        return new PerEpochBuilder(yTitle);
    }

    /** The summary drawn for each group (best-so-far charts; empty for per-epoch charts), by group name. */
    public Map<String, Band> bands() {
        return bands;
    }

    @Override
    public String describe() {
        return description;
    }

    /** The running best of {@code values}: element i is the best of values[0..i]. */
    public static double[] runningBest(double[] values, ParetoChart.Direction direction) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = i == 0 || direction.better(values[i], out[i - 1]) ? values[i] : out[i - 1];
        }
        return out;
    }

    /** Collects runs of groups. */
    public static final class BestSoFarBuilder {
        private final String objectiveTitle;
        private final ParetoChart.Direction direction;
        private String costTitle;
        private final Map<String, List<double[][]>> groups = new LinkedHashMap<>();
        private Spread spread = Spread.MIN_MAX;
        private String title;
        private boolean logX;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;

        private BestSoFarBuilder(String objectiveTitle, ParetoChart.Direction direction) {
            this.objectiveTitle = Objects.requireNonNull(objectiveTitle, "objectiveTitle");
            this.direction = Objects.requireNonNull(direction, "direction");
        }

        /** Plot against cost (cumulative seconds, or another cost) instead of evaluation count. */
        public BestSoFarBuilder vsCost(String costAxisTitle) {
            this.costTitle = Objects.requireNonNull(costAxisTitle, "costAxisTitle");
            return this;
        }

        /** One run (seed) of {@code group}: the objective of each evaluation, in order. */
        public BestSoFarBuilder run(String group, double[] values) {
            if (costTitle != null) {
                throw new IllegalStateException("this chart is against cost (vsCost was called): give each run its"
                        + " cumulative cost too, run(group, cost, values)");
            }
            double[] x = new double[values.length];
            Arrays.setAll(x, i -> i + 1);
            return add(group, x, values);
        }

        /** One run of {@code group} against cost: the cumulative cost when each evaluation finished, and its value. */
        public BestSoFarBuilder run(String group, double[] cumulativeCost, double[] values) {
            if (costTitle == null) {
                throw new IllegalStateException("give runs with a cost only after vsCost(axisTitle)");
            }
            if (cumulativeCost.length != values.length) {
                throw new IllegalArgumentException("run of '" + group + "' has " + cumulativeCost.length
                        + " costs but " + values.length + " values; give one cost per evaluation");
            }
            for (int i = 1; i < cumulativeCost.length; i++) {
                if (cumulativeCost[i] < cumulativeCost[i - 1]) {
                    throw new IllegalArgumentException("run of '" + group + "': costs must be cumulative"
                            + " (non-decreasing), but cost[" + i + "] = " + cumulativeCost[i] + " < cost[" + (i - 1)
                            + "] = " + cumulativeCost[i - 1]);
                }
            }
            return add(group, cumulativeCost, values);
        }

        private BestSoFarBuilder add(String group, double[] x, double[] values) {
            Objects.requireNonNull(group, "group");
            if (values.length == 0) {
                throw new IllegalArgumentException("run of '" + group + "' has no evaluations");
            }
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("run of '" + group + "' has a non-finite value " + v
                            + "; drop failed evaluations or replace them with the worst value");
                }
            }
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(new double[][] {x.clone(), values.clone()});
            return this;
        }

        public BestSoFarBuilder spread(Spread spread) {
            this.spread = Objects.requireNonNull(spread, "spread");
            return this;
        }

        public BestSoFarBuilder title(String title) {
            this.title = title;
            return this;
        }

        /** Logarithmic x axis (useful against cost). */
        public BestSoFarBuilder logX(boolean log) {
            this.logX = log;
            return this;
        }

        public BestSoFarBuilder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public CurveChart build() {
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no runs given; add them with run(group, values)");
            }
            String xTitle = costTitle != null ? costTitle : "evaluations";
            String t = title != null ? title : "best " + objectiveTitle + " so far, mean of runs with "
                    + (spread == Spread.MIN_MAX ? "min-max" : "\u00b11 std") + " band";
            XYChart chart = newChart(width, height, t, xTitle, "best " + objectiveTitle);
            chart.getStyler().setLegendPosition(direction == ParetoChart.Direction.MAXIMIZE
                    ? org.knowm.xchart.style.Styler.LegendPosition.InsideSE
                    : org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            chart.getStyler().setXAxisLogarithmic(logX);
            var bands = new LinkedHashMap<String, Band>();
            int i = 0;
            for (var entry : groups.entrySet()) {
                Band band = summarise(entry.getKey(), entry.getValue());
                bands.put(entry.getKey(), band);
                Band drawn = withoutFlatInteriorPoints(band);
                Color color = Style.series(i++);
                if (band.runs() > 1) {
                    double[][] polygon = bandPolygon(drawn, costTitle != null);
                    XYSeries area = chart.addSeries(entry.getKey() + " spread", polygon[0], polygon[1]);
                    area.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
                    area.setFillColor(Style.withAlpha(color, 0.18));
                    area.setLineColor(Style.withAlpha(color, 0.0));
                    area.setMarker(SeriesMarkers.NONE);
                    area.setShowInLegend(false);
                }
                XYSeries mean = chart.addSeries(entry.getKey() + " (" + band.runs() + (band.runs() == 1 ? " run)"
                        : " runs)"), drawn.x(), drawn.mean());
                mean.setXYSeriesRenderStyle(costTitle != null ? XYSeries.XYSeriesRenderStyle.Step
                        : XYSeries.XYSeriesRenderStyle.Line);
                mean.setLineColor(color);
                mean.setLineWidth(2.2f);
                mean.setMarker(SeriesMarkers.NONE);
            }
            String desc = "CurveChart best " + objectiveTitle + " so far vs " + xTitle + ": " + String.join(", ",
                    bands.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().runs() + " runs, final mean "
                            + String.format(java.util.Locale.ROOT, "%.4g", last(e.getValue().mean()))).toList());
            return new CurveChart(chart, java.util.Collections.unmodifiableMap(bands), desc);
        }

        /**
         * The same band without the points inside a stretch where mean, low and high all stay the same: identical
         * when drawn, but a long search's thousands of tiny steps would otherwise blur the line.
         */
        private static Band withoutFlatInteriorPoints(Band b) {
            int n = b.x().length;
            var keep = new ArrayList<Integer>();
            for (int k = 0; k < n; k++) {
                boolean flatBefore = k > 0 && same(b, k - 1, k);
                boolean flatAfter = k < n - 1 && same(b, k, k + 1);
                if (!(flatBefore && flatAfter)) {
                    keep.add(k);
                }
            }
            return new Band(pick(b.x(), keep), pick(b.mean(), keep), pick(b.low(), keep), pick(b.high(), keep),
                    b.runs());
        }

        private static boolean same(Band b, int i, int j) {
            return b.mean()[i] == b.mean()[j] && b.low()[i] == b.low()[j] && b.high()[i] == b.high()[j];
        }

        private static double[] pick(double[] values, List<Integer> keep) {
            return keep.stream().mapToDouble(k -> values[k]).toArray();
        }

        /**
         * The band's outline: along the top edge, back along the bottom. As steps when the mean is drawn as steps
         * (against cost), so band and line agree between grid points.
         */
        private static double[][] bandPolygon(Band band, boolean steps) {
            var xs = new ArrayList<Double>();
            var hi = new ArrayList<Double>();
            var lo = new ArrayList<Double>();
            double[] x = band.x();
            for (int k = 0; k < x.length; k++) {
                if (steps && k > 0) {
                    xs.add(x[k]);
                    hi.add(band.high()[k - 1]);
                    lo.add(band.low()[k - 1]);
                }
                xs.add(x[k]);
                hi.add(band.high()[k]);
                lo.add(band.low()[k]);
            }
            int n = xs.size();
            double[] px = new double[2 * n];
            double[] py = new double[2 * n];
            for (int k = 0; k < n; k++) {
                px[k] = xs.get(k);
                py[k] = hi.get(k);
                px[2 * n - 1 - k] = xs.get(k);
                py[2 * n - 1 - k] = lo.get(k);
            }
            return new double[][] {px, py};
        }

        /** Step functions of each run's running best, sampled where every run has started and none has ended. */
        private Band summarise(String group, List<double[][]> runs) {
            double start = Double.NEGATIVE_INFINITY;
            double end = Double.POSITIVE_INFINITY;
            var grid = new TreeSet<Double>();
            for (double[][] r : runs) {
                start = Math.max(start, r[0][0]);
                end = Math.min(end, r[0][r[0].length - 1]);
            }
            if (start > end) {
                throw new IllegalArgumentException("the runs of '" + group + "' do not overlap: one ends at " + end
                        + " before another starts at " + start + ", so no point has a value from every run."
                        + " Give runs that cover a common range of " + (costTitle != null ? "cost" : "evaluations"));
            }
            for (double[][] r : runs) {
                for (double x : r[0]) {
                    if (x >= start && x <= end) {
                        grid.add(x);
                    }
                }
            }
            double[] xs = grid.stream().mapToDouble(Double::doubleValue).toArray();
            double[] mean = new double[xs.length];
            double[] low = new double[xs.length];
            double[] high = new double[xs.length];
            List<double[]> best = runs.stream().map(r -> runningBest(r[1], direction)).toList();
            for (int k = 0; k < xs.length; k++) {
                double sum = 0;
                double sumSq = 0;
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < runs.size(); r++) {
                    double v = valueAt(runs.get(r)[0], best.get(r), xs[k]);
                    sum += v;
                    sumSq += v * v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                int n = runs.size();
                mean[k] = sum / n;
                if (spread == Spread.MIN_MAX) {
                    low[k] = min;
                    high[k] = max;
                } else {
                    double std = Math.sqrt(Math.max(0, sumSq / n - mean[k] * mean[k]));
                    low[k] = mean[k] - std;
                    high[k] = mean[k] + std;
                }
            }
            return new Band(xs, mean, low, high, runs.size());
        }

        /** The running best at x: that of the last evaluation done by x. */
        private static double valueAt(double[] x, double[] best, double at) {
            int idx = Arrays.binarySearch(x, at);
            if (idx < 0) {
                idx = -idx - 2;
            } else {
                while (idx + 1 < x.length && x[idx + 1] == at) {
                    idx++;
                }
            }
            return best[Math.max(0, idx)];
        }

        private static double last(double[] a) {
            return a.length == 0 ? Double.NaN : a[a.length - 1];
        }
    }

    /** Collects named per-epoch curves. */
    public static final class PerEpochBuilder {
        private final String yTitle;
        private final Map<String, double[]> curves = new LinkedHashMap<>();
        private String title;
        private boolean logY;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;

        private PerEpochBuilder(String yTitle) {
            this.yTitle = Objects.requireNonNull(yTitle, "yTitle");
        }

        /** A curve: one value per epoch, epoch 1 first. */
        public PerEpochBuilder curve(String name, double[] perEpoch) {
            Objects.requireNonNull(name, "name");
            if (perEpoch.length == 0) {
                throw new IllegalArgumentException("curve '" + name + "' has no epochs");
            }
            if (curves.put(name, perEpoch.clone()) != null) {
                throw new IllegalArgumentException("curve '" + name + "' given twice; give each curve its own name");
            }
            return this;
        }

        public PerEpochBuilder title(String title) {
            this.title = title;
            return this;
        }

        public PerEpochBuilder logY(boolean log) {
            this.logY = log;
            return this;
        }

        public PerEpochBuilder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public CurveChart build() {
            if (curves.isEmpty()) {
                throw new IllegalArgumentException("no curves given; add them with curve(name, perEpoch)");
            }
            String t = title != null ? title : yTitle + " per epoch";
            XYChart chart = newChart(width, height, t, "epoch", yTitle);
            chart.getStyler().setYAxisLogarithmic(logY);
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            int maxLen = curves.values().stream().mapToInt(c -> c.length).max().orElse(1);
            if (maxLen <= 20) {
                chart.getStyler().setXAxisDecimalPattern("#");
            }
            int i = 0;
            for (var e : curves.entrySet()) {
                double[] x = new double[e.getValue().length];
                Arrays.setAll(x, k -> k + 1);
                XYSeries s = chart.addSeries(e.getKey(), x, e.getValue());
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setLineColor(Style.series(i));
                s.setMarkerColor(Style.series(i));
                s.setMarker(maxLen <= 30 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                s.setLineWidth(2f);
                i++;
            }
            String desc = "CurveChart " + yTitle + " per epoch: " + String.join(", ", curves.entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue().length + " epochs, last " + String.format(
                            java.util.Locale.ROOT, "%.4g", e.getValue()[e.getValue().length - 1]) + ")").toList());
            return new CurveChart(chart, Map.of(), desc);
        }
    }
}
