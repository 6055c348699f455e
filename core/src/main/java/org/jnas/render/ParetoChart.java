package org.jnas.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Two objectives of a search, every trial a point: the Pareto front (non-dominated feasible points) connected and
 * highlighted, dominated points faded, infeasible points greyed out, constraint limits as dashed lines, the chosen
 * architecture labelled. An axis turns logarithmic when its values span two decades or more (costs like parameters
 * or latency usually do), unless told otherwise.
 *
 * <pre>{@code
 * ParetoChart chart = ParetoChart.builder()
 *         .x("parameters (M)", ParetoChart.Direction.MINIMIZE)
 *         .y("validation accuracy (%)", ParetoChart.Direction.MAXIMIZE)
 *         .point(0.8, 91.2, "arch-17", true)   // one per trial
 *         .xLimit(1.5, "budget 1.5 M")
 *         .chosen("arch-17")
 *         .build();
 * chart.front();   // the non-dominated points, by x
 * }</pre>
 */
public final class ParetoChart extends XyChartPicture {
    public static final String FRONT_SERIES = "Pareto front";
    public static final String DOMINATED_SERIES = "dominated";
    public static final String INFEASIBLE_SERIES = "infeasible";

    /** Whether smaller or larger values of an objective are better. */
    public enum Direction {
        MINIMIZE, MAXIMIZE;

        /** True when {@code a} is strictly better than {@code b}. */
        public boolean better(double a, double b) {
            return this == MINIMIZE ? a < b : a > b;
        }
    }

    /**
     * One trial.
     *
     * @param feasible false when the trial broke a constraint: drawn greyed, never on the front
     */
    public record Point(double x, double y, String label, boolean feasible) {
        public Point {
            if (!Double.isFinite(x) || !Double.isFinite(y)) {
                throw new IllegalArgumentException("point '" + label + "' has a non-finite objective (" + x + ", "
                        + y + "); leave failed trials out or mark them infeasible with finite values");
            }
        }
    }

    private final List<Point> points;
    private final List<Point> front;
    private final String description;

    private ParetoChart(XYChart chart, List<Point> points, List<Point> front, String description) {
        super(chart);
        this.points = points;
        this.front = front;
        this.description = description;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All points, in the order given. */
    public List<Point> points() {
        return points;
    }

    /** The non-dominated feasible points, sorted by x (ties by y): what the front series draws. */
    public List<Point> front() {
        return front;
    }

    @Override
    public String describe() {
        return description;
    }

    /**
     * The feasible points no other feasible point dominates (at least as good in both objectives, strictly better
     * in one), sorted by x then y. Equal points do not dominate each other: both stay. O(n log n).
     */
    public static List<Point> nonDominated(List<Point> points, Direction xDir, Direction yDir) {
        // turn both objectives into "smaller is better" and sweep by x
        double sx = xDir == Direction.MINIMIZE ? 1 : -1;
        double sy = yDir == Direction.MINIMIZE ? 1 : -1;
        List<Point> feasible = points.stream().filter(Point::feasible)
                .sorted(Comparator.<Point>comparingDouble(p -> sx * p.x()).thenComparingDouble(p -> sy * p.y()))
                .toList();
        var out = new ArrayList<Point>();
        double bestY = Double.POSITIVE_INFINITY;
        double bestX = Double.NaN;
        for (Point p : feasible) {
            double x = sx * p.x();
            double y = sy * p.y();
            if (y < bestY) {
                out.add(p);
                bestY = y;
                bestX = x;
            } else if (y == bestY && x == bestX) {
                out.add(p); // a duplicate of a front point
            }
        }
        out.sort(Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y));
        return List.copyOf(out);
    }

    /** Collects points and options; {@link #build()} checks them and draws. */
    public static final class Builder {
        private String xTitle = "objective 1";
        private String yTitle = "objective 2";
        private Direction xDir = Direction.MINIMIZE;
        private Direction yDir = Direction.MAXIMIZE;
        private final List<Point> points = new ArrayList<>();
        private final List<double[]> xLimits = new ArrayList<>();
        private final List<String> xLimitLabels = new ArrayList<>();
        private final List<double[]> yLimits = new ArrayList<>();
        private final List<String> yLimitLabels = new ArrayList<>();
        private String chosen;
        private java.util.Set<String> givenFront;
        private Boolean logX;
        private Boolean logY;
        private String title;
        private int width = DEFAULT_WIDTH;
        private int height = DEFAULT_HEIGHT;
        private final java.util.LinkedHashMap<String, List<Point>> references = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /** The x objective: its axis title (with unit) and direction. Default: minimize. */
        public Builder x(String axisTitle, Direction direction) {
            this.xTitle = Objects.requireNonNull(axisTitle, "axisTitle");
            this.xDir = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** The y objective: its axis title (with unit) and direction. Default: maximize. */
        public Builder y(String axisTitle, Direction direction) {
            this.yTitle = Objects.requireNonNull(axisTitle, "axisTitle");
            this.yDir = Objects.requireNonNull(direction, "direction");
            return this;
        }

        public Builder point(double x, double y, String label, boolean feasible) {
            points.add(new Point(x, y, label, feasible));
            return this;
        }

        public Builder points(List<Point> more) {
            points.addAll(more);
            return this;
        }

        /**
         * Another search's points drawn for comparison (for example the random-search baseline at the same budget):
         * hollow triangles and that search's own front as a dashed line. They do not count in this chart's
         * {@link #points()} or {@link #front()}.
         */
        public Builder reference(String name, List<Point> referencePoints) {
            Objects.requireNonNull(name, "name");
            if (referencePoints.isEmpty()) {
                throw new IllegalArgumentException("reference '" + name + "' has no points");
            }
            references.put(name, List.copyOf(referencePoints));
            return this;
        }

        /** A constraint on x (e.g. a latency budget): a dashed vertical line, labelled. */
        public Builder xLimit(double value, String label) {
            xLimits.add(new double[] {value});
            xLimitLabels.add(label);
            return this;
        }

        /** A constraint on y: a dashed horizontal line, labelled. */
        public Builder yLimit(double value, String label) {
            yLimits.add(new double[] {value});
            yLimitLabels.add(label);
            return this;
        }

        /**
         * The labels of the points on the front, as the caller computed it (a search's own front, which knows
         * fidelities and all objectives); without it the chart computes the 2-D front of its points itself.
         */
        public Builder front(java.util.Collection<String> labels) {
            this.givenFront = java.util.Set.copyOf(labels);
            return this;
        }

        /** Marks and labels the point with this label (the architecture the search picked). */
        public Builder chosen(String label) {
            this.chosen = label;
            return this;
        }

        /** Forces a logarithmic (true) or linear (false) x axis; default: log when x spans two decades. */
        public Builder logX(boolean log) {
            this.logX = log;
            return this;
        }

        public Builder logY(boolean log) {
            this.logY = log;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder size(int width, int height) {
            this.width = width;
            this.height = height;
            return this;
        }

        public ParetoChart build() {
            if (points.isEmpty()) {
                throw new IllegalArgumentException("a Pareto chart needs at least one point; add them with"
                        + " point(x, y, label, feasible)");
            }
            Point chosenPoint = null;
            if (chosen != null) {
                chosenPoint = points.stream().filter(p -> chosen.equals(p.label())).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("chosen point '" + chosen + "' is not among the "
                                + points.size() + " points' labels"));
            }
            List<Point> front = givenFront == null ? nonDominated(points, xDir, yDir)
                    : points.stream().filter(p -> p.feasible() && givenFront.contains(p.label()))
                            .sorted(Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y)).toList();
            var frontSet = new java.util.IdentityHashMap<Point, Boolean>();
            front.forEach(p -> frontSet.put(p, true));
            List<Point> dominated = points.stream().filter(p -> p.feasible() && !frontSet.containsKey(p)).toList();
            List<Point> infeasible = points.stream().filter(p -> !p.feasible()).toList();

            List<Point> everything = new ArrayList<>(points);
            references.values().forEach(everything::addAll);
            boolean lx = logX != null ? logX : spansDecades(everything.stream().mapToDouble(Point::x).toArray());
            boolean ly = logY != null ? logY : spansDecades(everything.stream().mapToDouble(Point::y).toArray());
            requirePositive(lx, everything.stream().mapToDouble(Point::x).toArray(), "x");
            requirePositive(ly, everything.stream().mapToDouble(Point::y).toArray(), "y");

            String t = title != null ? title : front.isEmpty() ? "no feasible trial among " + points.size()
                    : "Pareto front: " + front.size() + " of " + points.size() + " trials non-dominated";
            XYChart chart = newChart(width, height, t, xTitle + arrow(xDir), yTitle + arrow(yDir));
            var s = chart.getStyler();
            s.setXAxisLogarithmic(lx);
            s.setYAxisLogarithmic(ly);
            // beside the plot: inside it, no corner is reliably empty (the chosen point often sits in the good one)
            s.setLegendPosition(Styler.LegendPosition.OutsideE);
            Color[] referenceColors = {new Color(0x88, 0x55, 0x00), new Color(0x55, 0x55, 0x99), Style.MUTED};
            int r = 0;
            for (var ref : references.entrySet()) {
                Color c = referenceColors[r++ % referenceColors.length];
                XYSeries all = chart.addSeries(ref.getKey(), xs(ref.getValue()), ys(ref.getValue()));
                all.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                all.setMarker(SeriesMarkers.TRIANGLE_UP);
                all.setMarkerColor(Style.withAlpha(c, 0.45));
                List<Point> refFront = nonDominated(ref.getValue(), xDir, yDir);
                if (refFront.size() > 1) {
                    XYSeries line = chart.addSeries(ref.getKey().replaceFirst(" \\(.*", "") + ": front",
                            xs(refFront), ys(refFront));
                    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    line.setMarker(SeriesMarkers.NONE);
                    line.setLineColor(c);
                    line.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[] {3f, 3f}, 0f));
                }
            }
            if (!infeasible.isEmpty()) {
                XYSeries inf = chart.addSeries(INFEASIBLE_SERIES, xs(infeasible), ys(infeasible));
                inf.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                inf.setMarker(SeriesMarkers.CROSS);
                inf.setMarkerColor(Style.withAlpha(Style.MUTED, 0.55));
            }
            if (!dominated.isEmpty()) {
                XYSeries dom = chart.addSeries(DOMINATED_SERIES, xs(dominated), ys(dominated));
                dom.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                dom.setMarker(SeriesMarkers.CIRCLE);
                dom.setMarkerColor(Style.withAlpha(Style.CONV, 0.28));
            }
            if (!front.isEmpty()) { // every trial infeasible: nothing to connect, but the trials still show
                XYSeries fr = chart.addSeries(FRONT_SERIES, xs(front), ys(front));
                fr.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                fr.setMarker(SeriesMarkers.CIRCLE);
                fr.setMarkerColor(Style.POOL);
                fr.setLineColor(Style.POOL);
                fr.setLineWidth(2.2f);
            }

            // axis ranges fixed to the data and the limits, padded, so limit lines span the plot exactly
            double[] allX = everything.stream().mapToDouble(Point::x).toArray();
            double[] allY = everything.stream().mapToDouble(Point::y).toArray();
            double[] xRange = paddedRange(allX, xLimits, lx);
            double[] yRange = paddedRange(allY, yLimits, ly);
            if (!xLimits.isEmpty() || !yLimits.isEmpty()) {
                s.setXAxisMin(xRange[0]);
                s.setXAxisMax(xRange[1]);
                s.setYAxisMin(yRange[0]);
                s.setYAxisMax(yRange[1]);
            }
            var dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f);
            Color limitColor = new Color(0x99, 0x33, 0x33);
            for (int i = 0; i < xLimits.size(); i++) {
                double v = xLimits.get(i)[0];
                XYSeries line = chart.addSeries("limit: " + xLimitLabels.get(i), new double[] {v, v}, yRange);
                styleLimit(line, dashed, limitColor);
            }
            for (int i = 0; i < yLimits.size(); i++) {
                double v = yLimits.get(i)[0];
                XYSeries line = chart.addSeries("limit: " + yLimitLabels.get(i), xRange, new double[] {v, v});
                styleLimit(line, dashed, limitColor);
            }
            if (chosenPoint != null) {
                XYSeries ch = chart.addSeries("chosen: " + chosenPoint.label(), new double[] {chosenPoint.x()},
                        new double[] {chosenPoint.y()});
                ch.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                ch.setMarker(SeriesMarkers.DIAMOND);
                ch.setMarkerColor(Color.BLACK);
                // the label sits beside the point, on the side with room: right of it unless it is near the
                // right edge (above or below it could leave the plot when the point is the extreme one)
                double dx = offset(allX, lx, 0.05);
                double maxX = java.util.Arrays.stream(allX).max().orElse(chosenPoint.x());
                boolean nearRight = lx ? chosenPoint.x() * Math.pow(dx, 3) > maxX : chosenPoint.x() + 3 * dx > maxX;
                double sx = nearRight ? -1 : 1;
                double tx = lx ? chosenPoint.x() * Math.pow(dx, sx) : chosenPoint.x() + sx * dx;
                double ty = chosenPoint.y();
                chart.addAnnotation(new AnnotationText(chosenPoint.label(), tx, ty, false));
            }
            String desc = "ParetoChart " + xTitle + " (" + xDir.name().toLowerCase() + ") vs " + yTitle + " ("
                    + yDir.name().toLowerCase() + "): " + points.size() + " points, " + front.size() + " on the front"
                    + (infeasible.isEmpty() ? "" : ", " + infeasible.size() + " infeasible")
                    + (chosenPoint == null ? "" : ", chosen " + chosenPoint.label())
                    + (references.isEmpty() ? "" : "; for comparison: " + String.join(", ", references.keySet()));
            return new ParetoChart(chart, List.copyOf(points), front, desc);
        }

        private static String arrow(Direction d) {
            return d == Direction.MINIMIZE ? "  (lower is better)" : "  (higher is better)";
        }

        /** The range of the data and the limits, padded 4 % (multiplicatively on a log axis). */
        private static double[] paddedRange(double[] data, List<double[]> limits, boolean log) {
            double min = java.util.Arrays.stream(data).min().orElse(0);
            double max = java.util.Arrays.stream(data).max().orElse(1);
            for (double[] l : limits) {
                min = Math.min(min, l[0]);
                max = Math.max(max, l[0]);
            }
            if (log) {
                double f = Math.pow(max / min, 0.04);
                return new double[] {min / f, max * f};
            }
            double pad = max > min ? (max - min) * 0.04 : Math.max(Math.abs(max) * 0.04, 1e-9);
            return new double[] {min - pad, max + pad};
        }

        private static void styleLimit(XYSeries line, BasicStroke stroke, Color color) {
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(color);
            line.setLineStyle(stroke);
        }

        private static double offset(double[] values, boolean log, double fraction) {
            double min = java.util.Arrays.stream(values).min().orElse(0);
            double max = java.util.Arrays.stream(values).max().orElse(1);
            if (log) {
                return Math.pow(max / min, fraction);
            }
            return max > min ? (max - min) * fraction : Math.max(Math.abs(max) * fraction, fraction);
        }

        private static void requirePositive(boolean log, double[] values, String axis) {
            if (log && java.util.Arrays.stream(values).anyMatch(v -> v <= 0)) {
                throw new IllegalArgumentException("a logarithmic " + axis + " axis needs positive values; call log"
                        + axis.toUpperCase() + "(false) or shift the values");
            }
        }
    }

    /** True when all values are positive and max/min is at least 100. */
    static boolean spansDecades(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (v <= 0) {
                return false;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return max / min >= 100;
    }

    private static double[] xs(List<Point> ps) {
        return ps.stream().mapToDouble(Point::x).toArray();
    }

    private static double[] ys(List<Point> ps) {
        return ps.stream().mapToDouble(Point::y).toArray();
    }
}
