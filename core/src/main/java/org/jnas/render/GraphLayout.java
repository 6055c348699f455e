package org.jnas.render;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayerConstraint;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeLabelPlacement;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkLabel;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Left-to-right layered layout of a small directed graph by Eclipse ELK (pure Java, so diagrams need no native
 * tool). Edge labels become part of the layout, which is what keeps them from overlapping. Deterministic: ELK's
 * layered algorithm runs with a fixed random seed.
 */
final class GraphLayout {

    /** A box to place; {@code first}/{@code last} pin it to the first or last layer. */
    record Node(String id, double width, double height, boolean first, boolean last) {
    }

    /** A directed edge; {@code label} may be null, else its box size is given. */
    record Edge(String from, String to, String label, double labelWidth, double labelHeight) {
    }

    record PlacedEdge(Edge edge, List<Point2D> points, Rectangle2D labelBox) {
    }

    /** Positions in a frame whose top-left is (0, 0). */
    record Placed(Map<String, Rectangle2D> nodes, List<PlacedEdge> edges, double width, double height) {
    }

    private static boolean registered;

    private GraphLayout() {
    }

    private static synchronized void register() {
        if (!registered) {
            LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
            registered = true;
        }
    }

    static synchronized Placed layout(List<Node> nodes, List<Edge> edges, double nodeSpacing, double layerSpacing) {
        register();
        ElkNode graph = ElkGraphUtil.createGraph();
        graph.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        graph.setProperty(CoreOptions.RANDOM_SEED, 1);
        graph.setProperty(CoreOptions.PADDING, new ElkPadding(4));
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE, nodeSpacing);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, layerSpacing);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE, 10.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 8.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_LABEL, 3.0);
        graph.setProperty(LayeredOptions.SPACING_LABEL_LABEL, 4.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 10.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);

        var elkNodes = new LinkedHashMap<String, ElkNode>();
        for (Node n : nodes) {
            ElkNode e = ElkGraphUtil.createNode(graph);
            e.setIdentifier(n.id());
            e.setDimensions(n.width(), n.height());
            if (n.first()) {
                e.setProperty(LayeredOptions.LAYERING_LAYER_CONSTRAINT, LayerConstraint.FIRST);
            } else if (n.last()) {
                e.setProperty(LayeredOptions.LAYERING_LAYER_CONSTRAINT, LayerConstraint.LAST);
            }
            elkNodes.put(n.id(), e);
        }
        var elkEdges = new ArrayList<ElkEdge>();
        for (Edge ed : edges) {
            ElkNode from = elkNodes.get(ed.from());
            ElkNode to = elkNodes.get(ed.to());
            if (from == null || to == null) {
                throw new IllegalArgumentException("edge " + ed.from() + " -> " + ed.to() + " names a node that is"
                        + " not in the graph " + elkNodes.keySet());
            }
            ElkEdge e = ElkGraphUtil.createSimpleEdge(from, to);
            if (ed.label() != null) {
                ElkLabel l = ElkGraphUtil.createLabel(ed.label(), e);
                l.setDimensions(ed.labelWidth(), ed.labelHeight());
                l.setProperty(CoreOptions.EDGE_LABELS_PLACEMENT, EdgeLabelPlacement.CENTER);
            }
            elkEdges.add(e);
        }

        new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

        var placedNodes = new LinkedHashMap<String, Rectangle2D>();
        elkNodes.forEach((id, e) -> placedNodes.put(id,
                new Rectangle2D.Double(e.getX(), e.getY(), e.getWidth(), e.getHeight())));
        var placedEdges = new ArrayList<PlacedEdge>();
        for (int i = 0; i < edges.size(); i++) {
            ElkEdge e = elkEdges.get(i);
            var points = new ArrayList<Point2D>();
            for (ElkEdgeSection s : e.getSections()) {
                points.add(new Point2D.Double(s.getStartX(), s.getStartY()));
                for (ElkBendPoint b : s.getBendPoints()) {
                    points.add(new Point2D.Double(b.getX(), b.getY()));
                }
                points.add(new Point2D.Double(s.getEndX(), s.getEndY()));
            }
            Rectangle2D labelBox = null;
            if (!e.getLabels().isEmpty()) {
                ElkLabel l = e.getLabels().get(0);
                labelBox = new Rectangle2D.Double(l.getX(), l.getY(), l.getWidth(), l.getHeight());
            }
            placedEdges.add(new PlacedEdge(edges.get(i), List.copyOf(points), labelBox));
        }
        return new Placed(placedNodes, placedEdges, graph.getWidth(), graph.getHeight());
    }
}
