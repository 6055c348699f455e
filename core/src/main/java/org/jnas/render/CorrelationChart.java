package org.jnas.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A cheap score against the truth it stands for, every architecture a point: a zero-cost proxy against trained
 * accuracy, a one-shot score against stand-alone training, one seed against another. The title should carry the
 * rank correlation and n (the picture alone shows the spread, not how much of the order survives).
 *
 * <pre>{@code
 * CorrelationChart.builder("synflow vs test accuracy: Kendall tau 0.45, n=1000", "synflow", "test accuracy")
 *         .points("sampled", synflow, accuracy).logX(true).build();
 * }</pre>
 */
public final class CorrelationChart extends XyChartPicture {
    private final String description;

    private CorrelationChart(XYChart chart, String description) {
        super(chart);
        this.description = description;
    }

    public static Builder builder(String title, String xTitle, String yTitle) {
        return new Builder(title, xTitle, yTitle);
    }

    @Override
    public String describe() {
        return description;
    }

    /** Series of points, then size and axis options; checked at {@link #build()}. */
    public static final class Builder {
        private final String title;
        private final String xTitle;
        private final String yTitle;
        private final Map<String, double[][]> series = new LinkedHashMap<>();
        private boolean logX;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;

        private Builder(String title, String xTitle, String yTitle) {
            this.title = Objects.requireNonNull(title, "title");
            this.xTitle = Objects.requireNonNull(xTitle, "xTitle");
            this.yTitle = Objects.requireNonNull(yTitle, "yTitle");
        }

        /** A named set of (x, y) pairs; non-finite pairs are refused (leave failed scores out, and count them). */
        public Builder points(String name, double[] x, double[] y) {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and "
                        + y.length + " y values");
            }
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("series '" + name + "' point " + i + " is not finite (" + x[i]
                            + ", " + y[i] + "): leave failed scores out of the chart and report them");
                }
            }
            series.put(name, new double[][] {x.clone(), y.clone()});
            return this;
        }

        /** Logarithmic x axis (for scores spanning decades, like synflow); needs positive x. */
        public Builder logX(boolean log) {
            this.logX = log;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public CorrelationChart build() {
            if (series.isEmpty()) {
                throw new IllegalArgumentException("a correlation chart needs at least one series of points");
            }
            if (logX) {
                for (var e : series.entrySet()) {
                    for (double v : e.getValue()[0]) {
                        if (!(v > 0)) {
                            throw new IllegalArgumentException("logX needs positive x values; series '" + e.getKey()
                                    + "' has " + v);
                        }
                    }
                }
            }
            XYChart chart = newChart(width, height, title, xTitle, yTitle);
            var s = chart.getStyler();
            s.setXAxisLogarithmic(logX);
            s.setLegendVisible(series.size() > 1);
            s.setLegendPosition(Styler.LegendPosition.InsideSE);
            s.setMarkerSize(6);
            List<String> names = new ArrayList<>(series.keySet());
            int n = 0;
            for (int i = 0; i < names.size(); i++) {
                double[][] xy = series.get(names.get(i));
                XYSeries points = chart.addSeries(names.get(i), xy[0], xy[1]);
                points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                points.setMarker(SeriesMarkers.CIRCLE);
                points.setMarkerColor(Style.withAlpha(Style.SERIES.get(i % Style.SERIES.size()), 0.55));
                n += xy[0].length;
            }
            return new CorrelationChart(chart, "correlation chart: " + title + " (" + n + " points)");
        }
    }
}
