package org.jnas.space;

import java.util.List;

/**
 * A frozen cell: a small DAG. Nodes {@code 0 .. inputs-1} are the cell's inputs (one for NAS-Bench-201, the two
 * previous cells' outputs c_{k-2}, c_{k-1} for DARTS); nodes {@code inputs .. inputs+nodes-1} are intermediate
 * nodes, each the sum of its incoming edges. The cell's output is the channel concatenation of {@code outputs}
 * (DARTS: all intermediate nodes) or that single node (NAS-Bench-201: the last node).
 *
 * @param name    "cell", "normal" or "reduce"
 * @param inputs  number of input nodes
 * @param nodes   number of intermediate nodes
 * @param edges   the operations, each from an earlier node to an intermediate node
 * @param outputs the nodes concatenated into the cell output
 */
public record Cell(String name, int inputs, int nodes, List<Edge> edges, List<Integer> outputs) {

    /** One operation on the edge from node {@code from} to node {@code to}. */
    public record Edge(int from, int to, String op) {
        @Override
        public String toString() {
            return op + "~" + from + "->" + to;
        }
    }

    public Cell {
        edges = List.copyOf(edges);
        outputs = List.copyOf(outputs);
        int total = inputs + nodes;
        for (Edge e : edges) {
            if (e.to() < inputs || e.to() >= total || e.from() < 0 || e.from() >= e.to()) {
                throw new SpaceDefinitionException("cell '" + name + "' has edge " + e + " that does not go from an"
                        + " earlier node to an intermediate node (inputs 0.." + (inputs - 1) + ", intermediate "
                        + inputs + ".." + (total - 1) + ")");
            }
        }
        for (int n = inputs; n < total; n++) {
            int node = n;
            if (edges.stream().noneMatch(e -> e.to() == node)) {
                throw new SpaceDefinitionException("cell '" + name + "' node " + node + " has no incoming edge: it"
                        + " would dangle; give it at least one input");
            }
        }
        for (int o : outputs) {
            if (o < inputs || o >= total) {
                throw new SpaceDefinitionException("cell '" + name + "' output " + o + " is not an intermediate node");
            }
        }
    }

    public int totalNodes() {
        return inputs + nodes;
    }

    /** Edges ending at node {@code to}, in order. */
    public List<Edge> incoming(int to) {
        return edges.stream().filter(e -> e.to() == to).toList();
    }

    @Override
    public String toString() {
        return name + edges;
    }
}
