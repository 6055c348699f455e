package org.jnas.darts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * Turns mixing weights into a discrete architecture, a sample of the searched space (so rendering, retraining and
 * the NAS-Bench-201 table take it unchanged).
 * The rule is the space's {@link DifferentiableSpace#derivedInputsPerNode()}:
 * <ul>
 *   <li>k &gt; 0 (the DARTS space, k = 2): per node, the k incoming edges whose strongest non-{@code none}
 *       candidate weighs most; on each, that strongest non-{@code none} candidate (the DARTS paper's rule).</li>
 *   <li>0 (a fixed DAG, NAS-Bench-201): on each edge, the strongest candidate, {@code none} included when the
 *       space offers it (an absent edge is a legal answer).</li>
 * </ul>
 */
public final class Derivation {
    private Derivation() {
    }

    /**
     * @param weights per cell type, [edge][candidate] in the supernet's order (see {@link Supernet#cellTypes()})
     */
    public static Sample derive(SearchSpace space, Supernet net, Map<String, double[][]> weights) {
        var candidates = new LinkedHashMap<String, List<String>>();
        var edges = new LinkedHashMap<String, List<Cell.Edge>>();
        net.cellTypes().forEach((name, t) -> {
            candidates.put(name, t.candidates());
            edges.put(name, t.edges());
        });
        return derive(space, edges, candidates, weights);
    }

    /** The same without a supernet: edges and candidates per cell type given as plain data. */
    public static Sample derive(SearchSpace space, Map<String, List<Cell.Edge>> edges,
                                Map<String, List<String>> candidates, Map<String, double[][]> weights) {
        DifferentiableSpace d = DifferentiableSpace.require(space, "DARTS derivation");
        int keep = d.derivedInputsPerNode();
        var chosen = new LinkedHashMap<String, List<Cell.Edge>>();
        for (String type : d.cellTypes()) {
            chosen.put(type, keep > 0
                    ? strongestInputsPerNode(keep, edges.get(type), candidates.get(type), weights.get(type))
                    : strongestPerEdge(edges.get(type), candidates.get(type), weights.get(type)));
        }
        return d.fromDerivedEdges(chosen);
    }

    /** A fixed DAG: every edge with its heaviest candidate, {@code none} included; ties keep the earlier one. */
    private static List<Cell.Edge> strongestPerEdge(List<Cell.Edge> edges, List<String> cand, double[][] w) {
        var out = new ArrayList<Cell.Edge>();
        for (int e = 0; e < edges.size(); e++) {
            int best = 0;
            for (int k = 1; k < cand.size(); k++) {
                if (w[e][k] > w[e][best]) {
                    best = k;
                }
            }
            out.add(new Cell.Edge(edges.get(e).from(), edges.get(e).to(), cand.get(best)));
        }
        return out;
    }

    /** DARTS' rule: per node (in edge order), the {@code keep} incoming edges whose strongest real op weighs most. */
    private static List<Cell.Edge> strongestInputsPerNode(int keep, List<Cell.Edge> edges, List<String> cand,
                                                          double[][] w) {
        var out = new ArrayList<Cell.Edge>();
        for (int n : edges.stream().map(Cell.Edge::to).distinct().toList()) {
            var incoming = new ArrayList<Integer>();
            for (int e = 0; e < edges.size(); e++) {
                if (edges.get(e).to() == n) {
                    incoming.add(e);
                }
            }
            // strongest edges first; ties keep the earlier input (stable sort)
            incoming.sort(Comparator.comparingDouble(e -> -w[e][strongestReal(cand, w[e])]));
            for (int e : incoming.subList(0, Math.min(keep, incoming.size()))) {
                out.add(new Cell.Edge(edges.get(e).from(), n, cand.get(strongestReal(cand, w[e]))));
            }
        }
        return out;
    }

    /**
     * The derivation from {@code weights} with at most {@code limit} skip connections in {@code cellType}: while
     * the derived cell has more, the derived skip edge with the weakest skip weight loses its skip candidate and
     * the cell is derived again, so that edge takes its next strongest op (P-DARTS' rule of keeping the strongest
     * skip connections). What the DARTS+ stop falls back on when no epoch before a collapse derived a usable cell.
     */
    public static Sample deriveWithSkipLimit(SearchSpace space, Supernet net, Map<String, double[][]> weights,
                                             String cellType, int limit) {
        var candidates = new LinkedHashMap<String, List<String>>();
        var edges = new LinkedHashMap<String, List<Cell.Edge>>();
        net.cellTypes().forEach((name, t) -> {
            candidates.put(name, t.candidates());
            edges.put(name, t.edges());
        });
        var w = new LinkedHashMap<String, double[][]>();
        weights.forEach((k, v) -> w.put(k, java.util.Arrays.stream(v).map(double[]::clone)
                .toArray(double[][]::new)));
        List<String> cand = candidates.get(cellType);
        List<Cell.Edge> rows = edges.get(cellType);
        double[][] cw = w.get(cellType);
        while (true) {
            Sample s = derive(space, edges, candidates, w);
            int weakestRow = -1;
            int weakestOp = -1;
            int skips = 0;
            for (Cell.Edge e : derivedEdges(space, s, cellType)) {
                if (Ops.family(e.op()) != OpFamily.SKIP) {
                    continue;
                }
                skips++;
                int row = rowOf(rows, e);
                int op = cand.indexOf(e.op());
                if (weakestRow < 0 || cw[row][op] < cw[weakestRow][weakestOp]) {
                    weakestRow = row;
                    weakestOp = op;
                }
            }
            if (skips <= limit) {
                return s;
            }
            cw[weakestRow][weakestOp] = -1; // below every softmax weight: never chosen again
        }
    }

    private static List<Cell.Edge> derivedEdges(SearchSpace space, Sample sample, String cellType) {
        return DifferentiableSpace.require(space, "DARTS derivation").freeze(sample).cell(cellType).edges();
    }

    private static int rowOf(List<Cell.Edge> rows, Cell.Edge e) {
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).from() == e.from() && rows.get(r).to() == e.to()) {
                return r;
            }
        }
        throw new IllegalStateException("derived edge " + e + " is not an edge of the supernet: " + rows);
    }

    /** The index of the heaviest candidate that is not {@code none}. */
    static int strongestReal(List<String> cand, double[] row) {
        int best = -1;
        for (int k = 0; k < cand.size(); k++) {
            if (Ops.family(cand.get(k)) == OpFamily.NONE) {
                continue;
            }
            if (best < 0 || row[k] > row[best]) {
                best = k;
            }
        }
        return best;
    }

    /** How many edges of a derived cell are skip connections: what DARTS+ watches in the normal cell. */
    public static int skipConnections(SearchSpace space, Sample sample, String cellType) {
        return (int) derivedEdges(space, sample, cellType).stream()
                .filter(e -> Ops.family(e.op()) == OpFamily.SKIP).count();
    }
}
