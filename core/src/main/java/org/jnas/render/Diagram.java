package org.jnas.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A node-and-edge picture: one or more panels side by side, each laid out by {@link GraphLayout} (Eclipse ELK),
 * titled above, with a colour legend below. {@link CellDiagram} and {@link ChainDiagram} say what to draw; this
 * class places and draws it, and records every text it draws with its box ({@link #texts()}) so tests and callers
 * can check that nothing overlaps.
 */
public abstract class Diagram extends Picture {

    /** What a drawn text is. */
    public enum TextKind { TITLE, NODE, EDGE_LABEL, LEGEND }

    /** A text drawn in the diagram and its box, in natural-size pixel coordinates. */
    public record Text(String text, TextKind kind, Rectangle2D box) {
    }

    /** A box in a panel; {@code lines} are drawn centred in it. */
    record NodeSpec(String id, List<String> lines, Color fill, boolean first, boolean last) {
    }

    /** An arrow; {@code label} may be null. */
    record EdgeSpec(String from, String to, String label, Color color, boolean dashed) {
    }

    record Panel(String title, List<NodeSpec> nodes, List<EdgeSpec> edges) {
    }

    /** A legend item: a line of {@code color} (edges) or, when {@code box}, a filled box (nodes). */
    record LegendEntry(String text, Color color, boolean box) {
        LegendEntry(String text, Color color) {
            this(text, color, false);
        }
    }

    static final Font NODE_FONT = Style.font(Font.PLAIN, 13f);
    static final Font LABEL_FONT = Style.font(Font.PLAIN, 12f);
    static final Font TITLE_FONT = Style.font(Font.BOLD, 15f);
    static final Font LEGEND_FONT = Style.font(Font.PLAIN, 12f);
    private static final double MARGIN = 16;
    private static final double PANEL_GAP = 40;
    private static final double NODE_PAD_X = 12;
    private static final double NODE_PAD_Y = 7;
    private static final double MIN_NODE_WIDTH = 40;
    private static final double MIN_NODE_HEIGHT = 32;

    private record DrawnNode(NodeSpec spec, Rectangle2D box) {
    }

    private record DrawnEdge(EdgeSpec spec, List<Point2D> points, Rectangle2D labelBox) {
    }

    private final List<DrawnNode> nodes = new ArrayList<>();
    private final List<DrawnEdge> edges = new ArrayList<>();
    private final List<Text> texts = new ArrayList<>();
    private final List<Rectangle2D> legendSwatches = new ArrayList<>();
    private final List<LegendEntry> legendEntries = new ArrayList<>();
    private final double width;
    private final double height;

    Diagram(List<Panel> panels, List<LegendEntry> legend, double nodeSpacing, double layerSpacing,
            boolean stacked) {
        double x = MARGIN;
        double titleHeight = Style.textSize("Ag", TITLE_FONT).getHeight();
        double titleTop = MARGIN;
        double maxBottom = MARGIN;
        double maxRight = MARGIN;
        for (Panel panel : panels) {
            double top = titleTop + titleHeight + 10;
            var layoutNodes = new ArrayList<GraphLayout.Node>();
            for (NodeSpec n : panel.nodes()) {
                double w = 0;
                double h = 0;
                for (String line : n.lines()) {
                    Rectangle2D s = Style.textSize(line, NODE_FONT);
                    w = Math.max(w, s.getWidth());
                    h += s.getHeight();
                }
                layoutNodes.add(new GraphLayout.Node(n.id(), Math.max(MIN_NODE_WIDTH, Math.ceil(w + 2 * NODE_PAD_X)),
                        Math.max(MIN_NODE_HEIGHT, Math.ceil(h + 2 * NODE_PAD_Y)), n.first(), n.last()));
            }
            var layoutEdges = new ArrayList<GraphLayout.Edge>();
            for (EdgeSpec e : panel.edges()) {
                Rectangle2D s = e.label() == null ? new Rectangle2D.Double() : Style.textSize(e.label(), LABEL_FONT);
                layoutEdges.add(new GraphLayout.Edge(e.from(), e.to(), e.label(), Math.ceil(s.getWidth()) + 2,
                        Math.ceil(s.getHeight())));
            }
            GraphLayout.Placed placed = GraphLayout.layout(layoutNodes, layoutEdges, nodeSpacing, layerSpacing);
            double panelWidth = Math.max(placed.width(), Style.textSize(panel.title(), TITLE_FONT).getWidth());
            double dx = x + (panelWidth - placed.width()) / 2;
            Rectangle2D titleSize = Style.textSize(panel.title(), TITLE_FONT);
            texts.add(new Text(panel.title(), TextKind.TITLE, new Rectangle2D.Double(
                    x + (panelWidth - titleSize.getWidth()) / 2, titleTop, titleSize.getWidth(),
                    titleSize.getHeight())));
            for (NodeSpec n : panel.nodes()) {
                Rectangle2D b = shift(placed.nodes().get(n.id()), dx, top);
                nodes.add(new DrawnNode(n, b));
                double lineY = b.getCenterY() - lineHeights(n.lines()) / 2;
                for (String line : n.lines()) {
                    Rectangle2D s = Style.textSize(line, NODE_FONT);
                    texts.add(new Text(line, TextKind.NODE, new Rectangle2D.Double(
                            b.getCenterX() - s.getWidth() / 2, lineY, s.getWidth(), s.getHeight())));
                    lineY += s.getHeight();
                }
            }
            for (int i = 0; i < panel.edges().size(); i++) {
                GraphLayout.PlacedEdge pe = placed.edges().get(i);
                var pts = new ArrayList<Point2D>();
                for (Point2D p : pe.points()) {
                    pts.add(new Point2D.Double(p.getX() + dx, p.getY() + top));
                }
                Rectangle2D lb = pe.labelBox() == null ? null : shift(pe.labelBox(), dx, top);
                edges.add(new DrawnEdge(panel.edges().get(i), pts, lb));
                if (lb != null) {
                    Rectangle2D s = Style.textSize(pe.edge().label(), LABEL_FONT);
                    texts.add(new Text(pe.edge().label(), TextKind.EDGE_LABEL, new Rectangle2D.Double(
                            lb.getCenterX() - s.getWidth() / 2, lb.getCenterY() - s.getHeight() / 2,
                            s.getWidth(), s.getHeight())));
                }
            }
            maxBottom = Math.max(maxBottom, top + placed.height());
            maxRight = Math.max(maxRight, x + panelWidth);
            if (stacked) {
                titleTop = maxBottom + PANEL_GAP / 2;
            } else {
                x += panelWidth + PANEL_GAP;
            }
        }
        double contentWidth = maxRight + MARGIN;
        double bottom = maxBottom;
        if (!legend.isEmpty()) {
            double lx = MARGIN;
            double ly = maxBottom + 12;
            double lh = Style.textSize("Ag", LEGEND_FONT).getHeight();
            for (LegendEntry entry : legend) {
                Rectangle2D swatch = entry.box() ? new Rectangle2D.Double(lx + 4, ly + lh / 2 - 7, 14, 14)
                        : new Rectangle2D.Double(lx, ly + lh / 2 - 1.5, 22, 3);
                legendSwatches.add(swatch);
                legendEntries.add(entry);
                Rectangle2D s = Style.textSize(entry.text(), LEGEND_FONT);
                texts.add(new Text(entry.text(), TextKind.LEGEND, new Rectangle2D.Double(lx + 28, ly, s.getWidth(),
                        s.getHeight())));
                lx += 28 + s.getWidth() + 20;
            }
            contentWidth = Math.max(contentWidth, lx - 20 + MARGIN);
            bottom = ly + lh;
        }
        this.width = Math.ceil(contentWidth);
        this.height = Math.ceil(bottom + MARGIN);
    }

    private static double lineHeights(List<String> lines) {
        return lines.stream().mapToDouble(l -> Style.textSize(l, NODE_FONT).getHeight()).sum();
    }

    private static Rectangle2D shift(Rectangle2D r, double dx, double dy) {
        return new Rectangle2D.Double(r.getX() + dx, r.getY() + dy, r.getWidth(), r.getHeight());
    }

    /** Every text drawn (titles, node names, edge labels, legend), with its box at the natural size. */
    public List<Text> texts() {
        return List.copyOf(texts);
    }

    /** The boxes of the nodes, at the natural size. */
    public List<Rectangle2D> nodeBoxes() {
        return nodes.stream().map(DrawnNode::box).toList();
    }

    @Override
    public int width() {
        return (int) width;
    }

    @Override
    public int height() {
        return (int) height;
    }

    @Override
    public void paint(Graphics2D g, int w, int h) {
        AffineTransform saved = g.getTransform();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double scale = Math.min(w / width, h / height);
        g.translate((w - width * scale) / 2, (h - height * scale) / 2);
        g.scale(scale, scale);

        for (DrawnEdge e : edges) {
            drawEdge(g, e);
        }
        for (DrawnNode n : nodes) {
            Rectangle2D b = n.box();
            var shape = new RoundRectangle2D.Double(b.getX(), b.getY(), b.getWidth(), b.getHeight(), 10, 10);
            g.setColor(n.spec().fill());
            g.fill(shape);
            g.setColor(n.spec().fill().darker().darker());
            g.setStroke(new BasicStroke(1.2f));
            g.draw(shape);
        }
        for (Text t : texts) {
            Font font = switch (t.kind()) {
                case TITLE -> TITLE_FONT;
                case NODE -> NODE_FONT;
                case EDGE_LABEL -> LABEL_FONT;
                case LEGEND -> LEGEND_FONT;
            };
            g.setFont(font);
            g.setColor(t.kind() == TextKind.EDGE_LABEL ? labelColor(t) : Style.TEXT);
            g.drawString(t.text(), (float) t.box().getX(), (float) (t.box().getY() + Style.ascent(font)));
        }
        for (int i = 0; i < legendSwatches.size(); i++) {
            LegendEntry entry = legendEntries.get(i);
            g.setColor(entry.color());
            g.fill(legendSwatches.get(i));
            if (entry.box()) {
                g.setColor(entry.color().darker().darker());
                g.setStroke(new BasicStroke(1f));
                g.draw(legendSwatches.get(i));
            }
        }
        g.setTransform(saved);
    }

    private Color labelColor(Text t) {
        for (DrawnEdge e : edges) {
            if (e.labelBox() != null && e.labelBox().contains(t.box().getCenterX(), t.box().getCenterY())
                    && t.text().equals(e.spec().label())) {
                return e.spec().color().darker();
            }
        }
        return Style.TEXT;
    }

    private static void drawEdge(Graphics2D g, DrawnEdge e) {
        List<Point2D> p = e.points();
        if (p.size() < 2) {
            return;
        }
        g.setColor(e.spec().color());
        g.setStroke(e.spec().dashed()
                ? new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {5f, 4f}, 0f)
                : new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Point2D last = p.get(p.size() - 1);
        Point2D before = p.get(p.size() - 2);
        double angle = Math.atan2(last.getY() - before.getY(), last.getX() - before.getX());
        double arrow = 9;
        var path = new Path2D.Double();
        path.moveTo(p.get(0).getX(), p.get(0).getY());
        for (int i = 1; i < p.size() - 1; i++) {
            path.lineTo(p.get(i).getX(), p.get(i).getY());
        }
        // stop the line at the arrow's base so the tip stays sharp
        path.lineTo(last.getX() - Math.cos(angle) * arrow * 0.8, last.getY() - Math.sin(angle) * arrow * 0.8);
        g.draw(path);
        var head = new Path2D.Double();
        head.moveTo(last.getX(), last.getY());
        head.lineTo(last.getX() - arrow * Math.cos(angle - 0.4), last.getY() - arrow * Math.sin(angle - 0.4));
        head.lineTo(last.getX() - arrow * Math.cos(angle + 0.4), last.getY() - arrow * Math.sin(angle + 0.4));
        head.closePath();
        g.setStroke(new BasicStroke(1f));
        g.fill(head);
    }
}
