package org.jnas.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * DARTS architecture weights over epochs: one small chart per edge, each showing the softmax weight of every
 * candidate operation per epoch, with one shared legend. Ops are coloured by family as in {@link CellDiagram}
 * (convolutions blue, pooling orange, skip green, none grey), so a collapse onto skip connections reads at a glance.
 *
 * <pre>{@code
 * AlphaChart.builder(Ops.DARTS_PRIMITIVES)
 *         .edge("normal c_{k-2} -> 0", logitsPerEpoch)   // double[epoch][op]
 *         .logits(true)                                   // apply the softmax here
 *         .build();
 * }</pre>
 */
public final class AlphaChart extends Picture {
    private static final int PANEL_WIDTH = 260;
    private static final int PANEL_HEIGHT = 200;
    private static final Font TITLE_FONT = Style.font(Font.BOLD, 15f);
    private static final Font LEGEND_FONT = Style.font(Font.PLAIN, 12f);
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 2.5f}, {8f, 3f, 2f, 3f}};

    private final List<String> ops;
    private final Map<String, double[][]> weights;
    private final List<XYChart> panels;
    private final int columns;
    private final String title;
    private final int legendRows;
    private final double[] yRange;
    private final List<Color> colors;
    private final List<BasicStroke> strokes;

    private AlphaChart(List<String> ops, Map<String, double[][]> weights, int columns, String title) {
        this.ops = ops;
        this.weights = weights;
        this.columns = Math.min(columns, weights.size());
        this.title = title;
        this.colors = new ArrayList<>();
        this.strokes = new ArrayList<>();
        var perFamily = new LinkedHashMap<OpFamily, Integer>();
        for (String op : ops) {
            OpFamily f = Ops.isKnown(op) ? Ops.family(op) : OpFamily.CONV;
            int k = perFamily.merge(f, 1, Integer::sum) - 1;
            colors.add(shade(Style.familyColor(f), k));
            float[] dash = DASHES[k % DASHES.length];
            strokes.add(dash == null ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_ROUND, 10f, dash, 0f));
        }
        this.legendRows = legendLayout(columns * PANEL_WIDTH).size();
        this.yRange = yRange(weights);
        this.panels = new ArrayList<>();
        for (var e : weights.entrySet()) {
            panels.add(panel(e.getKey(), e.getValue()));
        }
    }

    public static Builder builder(List<String> ops) {
        return new Builder(ops);
    }

    /** The softmax weights drawn, by edge: [epoch][op], rows summing to 1. */
    public Map<String, double[][]> weights() {
        return weights;
    }

    /** The candidate ops, in column order of the weights. */
    public List<String> ops() {
        return ops;
    }

    /** The op with the largest weight at the last epoch, per edge: what DARTS would derive (none included). */
    public Map<String, String> strongestAtEnd() {
        var out = new LinkedHashMap<String, String>();
        weights.forEach((edge, w) -> {
            double[] last = w[w.length - 1];
            int best = 0;
            for (int i = 1; i < last.length; i++) {
                best = last[i] > last[best] ? i : best;
            }
            out.put(edge, ops.get(best));
        });
        return out;
    }

    /**
     * One y range for every panel, so panels compare. From 0 to the largest weight rounded up to a tenth (a
     * twentieth below 0.3); but when all weights are still within 0.05 of each other (early in a search, all near
     * 1/ops) the range hugs them, or they would draw as one flat line.
     */
    static double[] yRange(Map<String, double[][]> weights) {
        double max = 0;
        double min = 1;
        for (double[][] w : weights.values()) {
            for (double[] row : w) {
                for (double v : row) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max - min < 0.05) {
            double pad = Math.max(0.001, (max - min) * 0.15);
            return new double[] {Math.max(0, min - pad), Math.min(1, max + pad)};
        }
        double step = max < 0.3 ? 0.05 : 0.1;
        return new double[] {0, Math.min(1.0, Math.max(step, Math.ceil(max * 1.02 / step) * step))};
    }

    private XYChart panel(String edge, double[][] w) {
        XYChart chart = new org.knowm.xchart.XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(edge)
                .xAxisTitle("epoch").yAxisTitle("weight").build();
        XyChartPicture.style(chart.getStyler(), 0.85f);
        var s = chart.getStyler();
        s.setLegendVisible(false);
        s.setYAxisMin(yRange[0]);
        s.setYAxisMax(yRange[1]);
        s.setChartTitleFont(Style.font(Font.PLAIN, 12f));
        double span = yRange[1] - yRange[0];
        s.setYAxisDecimalPattern(span < 0.05 ? "0.000" : span < 0.3 ? "0.00" : "0.0");
        s.setChartPadding(6);
        s.setXAxisMin(0.0);
        s.setXAxisMax((double) w.length);
        // XChart crowds this narrow axis with ticks; label only round epochs
        double labelStep = niceStep(w.length / 4.0);
        s.setxAxisTickLabelsFormattingFunction(v -> Math.abs(v / labelStep - Math.rint(v / labelStep)) < 1e-9
                ? String.valueOf(Math.round(v)) : "");
        // the shared title names the axes; per-panel axis titles would only take room from the plot
        s.setXAxisTitleVisible(false);
        s.setYAxisTitleVisible(false);
        if (w.length <= 20) {
            s.setXAxisDecimalPattern("#");
        }
        double[] x = new double[w.length];
        Arrays.setAll(x, i -> i + 1);
        for (int o = 0; o < ops.size(); o++) {
            final int op = o;
            double[] y = Arrays.stream(w).mapToDouble(row -> row[op]).toArray();
            XYSeries series = chart.addSeries(ops.get(o), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.NONE);
            series.setLineColor(colors.get(o));
            series.setLineStyle(strokes.get(o));
        }
        return chart;
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... at least {@code atLeast}. */
    static double niceStep(double atLeast) {
        double step = 1;
        while (true) {
            for (double m : new double[] {1, 2, 5}) {
                if (step * m >= atLeast) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    private static Color shade(Color base, int k) {
        double[] mix = {0, -0.35, 0.4, -0.6};
        double m = mix[k % mix.length];
        int r = blend(base.getRed(), m);
        int g = blend(base.getGreen(), m);
        int b = blend(base.getBlue(), m);
        return new Color(r, g, b);
    }

    private static int blend(int c, double m) {
        return (int) Math.round(m >= 0 ? c + (255 - c) * m : c * (1 + m));
    }

    /** Legend items per row, wrapped to {@code width}. */
    private List<List<Integer>> legendLayout(int width) {
        var rows = new ArrayList<List<Integer>>();
        var row = new ArrayList<Integer>();
        double x = 16;
        for (int i = 0; i < ops.size(); i++) {
            double w = 34 + Style.textSize(ops.get(i), LEGEND_FONT).getWidth() + 18;
            if (x + w > width - 16 && !row.isEmpty()) {
                rows.add(row);
                row = new ArrayList<>();
                x = 16;
            }
            row.add(i);
            x += w;
        }
        rows.add(row);
        return rows;
    }

    private int headerHeight() {
        return 16 + 22 + legendRows * 20 + 8;
    }

    @Override
    public int width() {
        return columns * PANEL_WIDTH;
    }

    @Override
    public int height() {
        int rows = (panels.size() + columns - 1) / columns;
        return headerHeight() + rows * PANEL_HEIGHT + 8;
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        var saved = g.getTransform();
        double scale = Math.min((double) width / width(), (double) height / height());
        g.translate((width - width() * scale) / 2, (height - height() * scale) / 2);
        g.scale(scale, scale);
        g.setColor(Style.TEXT);
        g.setFont(TITLE_FONT);
        Rectangle2D ts = Style.textSize(title, TITLE_FONT);
        g.drawString(title, (float) ((width() - ts.getWidth()) / 2), (float) (16 + Style.ascent(TITLE_FONT)));
        double y = 16 + 22 + 4;
        for (List<Integer> row : legendLayout(width())) {
            double rowWidth = row.stream().mapToDouble(i -> 34 + Style.textSize(ops.get(i), LEGEND_FONT).getWidth()
                    + 18).sum() - 18;
            double x = (width() - rowWidth) / 2;
            for (int i : row) {
                g.setColor(colors.get(i));
                g.setStroke(strokes.get(i));
                g.draw(new Line2D.Double(x, y + 7, x + 28, y + 7));
                g.setColor(Style.TEXT);
                g.setFont(LEGEND_FONT);
                g.drawString(ops.get(i), (float) (x + 34), (float) (y + Style.ascent(LEGEND_FONT) - 1));
                x += 34 + Style.textSize(ops.get(i), LEGEND_FONT).getWidth() + 18;
            }
            y += 20;
        }
        for (int p = 0; p < panels.size(); p++) {
            int col = p % columns;
            int row = p / columns;
            Graphics2D sub = (Graphics2D) g.create();
            try {
                sub.translate(col * PANEL_WIDTH, headerHeight() + row * PANEL_HEIGHT);
                panels.get(p).paint(sub, PANEL_WIDTH, PANEL_HEIGHT);
            } finally {
                sub.dispose();
            }
        }
        g.setTransform(saved);
    }

    /** PNG and text only: the panels' XChart text is drawn as outlines, which makes the SVG large. */
    @Override
    public Map<String, Object> mimeBundle() {
        var bundle = new LinkedHashMap<String, Object>();
        bundle.put("image/png", png());
        bundle.put("text/plain", describe());
        return bundle;
    }

    @Override
    public String describe() {
        int epochs = weights.values().iterator().next().length;
        return "AlphaChart " + weights.size() + " edges x " + ops.size() + " ops over " + epochs
                + " epochs; strongest at the end: " + strongestAtEnd();
    }

    /** Collects edges; {@link #build()} checks shapes and applies the softmax when given logits. */
    public static final class Builder {
        private final List<String> ops;
        private final Map<String, double[][]> edges = new LinkedHashMap<>();
        private boolean logits;
        private int columns = 4;
        private String title = "architecture weights (softmax of alpha, 0-1) per edge vs epoch";

        private Builder(List<String> ops) {
            if (ops == null || ops.isEmpty()) {
                throw new IllegalArgumentException("an alpha chart needs the candidate op names, in weight order");
            }
            this.ops = List.copyOf(ops);
        }

        /** The weights (or logits, see {@link #logits}) of one edge: {@code [epoch][op]}. */
        public Builder edge(String name, double[][] perEpoch) {
            Objects.requireNonNull(name, "name");
            if (perEpoch.length == 0) {
                throw new IllegalArgumentException("edge '" + name + "' has no epochs");
            }
            for (int e = 0; e < perEpoch.length; e++) {
                if (perEpoch[e].length != ops.size()) {
                    throw new IllegalArgumentException("edge '" + name + "' epoch " + (e + 1) + " has "
                            + perEpoch[e].length + " values but there are " + ops.size() + " ops " + ops);
                }
            }
            if (edges.put(name, Arrays.stream(perEpoch).map(double[]::clone).toArray(double[][]::new)) != null) {
                throw new IllegalArgumentException("edge '" + name + "' given twice");
            }
            return this;
        }

        /** True when the values are raw architecture parameters (alpha): the softmax is applied per epoch. */
        public Builder logits(boolean logits) {
            this.logits = logits;
            return this;
        }

        /** Panels per row (default 4). */
        public Builder columns(int columns) {
            if (columns < 1) {
                throw new IllegalArgumentException("columns must be at least 1, got " + columns);
            }
            this.columns = columns;
            return this;
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        public AlphaChart build() {
            if (edges.isEmpty()) {
                throw new IllegalArgumentException("no edges given; add them with edge(name, double[epoch][op])");
            }
            var weights = new LinkedHashMap<String, double[][]>();
            edges.forEach((name, rows) -> {
                double[][] w = logits ? Arrays.stream(rows).map(Builder::softmax).toArray(double[][]::new) : rows;
                for (int e = 0; e < w.length; e++) {
                    double sum = Arrays.stream(w[e]).sum();
                    if (Math.abs(sum - 1) > 1e-3 || Arrays.stream(w[e]).anyMatch(v -> v < 0 || !Double.isFinite(v))) {
                        throw new IllegalArgumentException("edge '" + name + "' epoch " + (e + 1) + " weights sum to "
                                + sum + ", not 1: pass raw alphas with logits(true) to apply the softmax");
                    }
                }
                weights.put(name, w);
            });
            return new AlphaChart(ops, java.util.Collections.unmodifiableMap(weights), columns, title);
        }

        static double[] softmax(double[] v) {
            double max = Arrays.stream(v).max().orElse(0);
            double[] out = new double[v.length];
            double sum = 0;
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.exp(v[i] - max);
                sum += out[i];
            }
            for (int i = 0; i < v.length; i++) {
                out[i] /= sum;
            }
            return out;
        }
    }
}
