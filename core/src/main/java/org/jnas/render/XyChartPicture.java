package org.jnas.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

/**
 * An XChart {@link XYChart} as a {@link Picture}: XChart paints it with Graphics2D, so the SVG and the PNG come
 * from the same drawing as every other jnas picture. {@link #xyChart()} gives the chart itself for tweaks
 * (colours, ranges) before encoding.
 */
public abstract class XyChartPicture extends Picture {
    /** Fits a notebook cell (~800 px wide) without scaling the text down. */
    public static final int DEFAULT_WIDTH = 800;
    public static final int DEFAULT_HEIGHT = 500;

    private final XYChart chart;

    XyChartPicture(XYChart chart) {
        this.chart = chart;
    }

    /** The underlying XChart chart; changes show in the next encoding. */
    public XYChart xyChart() {
        return chart;
    }

    @Override
    public int width() {
        return chart.getWidth();
    }

    @Override
    public int height() {
        return chart.getHeight();
    }

    @Override
    public void paint(Graphics2D g, int width, int height) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        chart.paint(g, width, height);
    }

    /**
     * PNG and text only: XChart draws its text as outlines, so a chart's SVG runs to hundreds of kilobytes; call
     * {@link #svg()} when you want the vector form (for a paper).
     */
    @Override
    public Map<String, Object> mimeBundle() {
        var bundle = new LinkedHashMap<String, Object>();
        bundle.put("image/png", png());
        bundle.put("text/plain", describe());
        return bundle;
    }

    /** A chart with jnas's look: white, light grid, DejaVu fonts, Okabe-Ito colours, legend inside. */
    static XYChart newChart(int width, int height, String title, String xTitle, String yTitle) {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("chart size must be at least 100x100 pixels, got " + width + "x"
                    + height);
        }
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler(), 1f);
        return chart;
    }

    static void style(XYStyler s, float scale) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0xBB, 0xBB, 0xBB));
        s.setPlotGridLinesColor(new Color(0xE6, 0xE6, 0xE6));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartTitleBoxVisible(false);
        s.setChartTitleFont(Style.font(Font.BOLD, 15f * scale));
        s.setAxisTitleFont(Style.font(Font.PLAIN, 13f * scale));
        s.setAxisTickLabelsFont(Style.font(Font.PLAIN, 12f * scale));
        s.setLegendFont(Style.font(Font.PLAIN, 12f * scale));
        s.setAnnotationTextFont(Style.font(Font.PLAIN, 12f * scale));
        s.setAnnotationTextFontColor(Style.TEXT);
        s.setChartFontColor(Style.TEXT);
        s.setAxisTickLabelsColor(Style.TEXT);
        s.setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setLegendPosition(Styler.LegendPosition.InsideSE);
        s.setSeriesColors(Style.SERIES.toArray(new Color[0]));
        s.setMarkerSize(7);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setCursorEnabled(false);
        s.setChartPadding(Math.round(10 * scale));
    }
}
