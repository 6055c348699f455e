package org.jnas.darts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * Turns mixing weights into a discrete architecture, a sample of the searched space (so rendering, retraining and
 * the NAS-Bench-201 table take it unchanged).
 * <ul>
 *   <li>{@link DartsSpace}: per node, the two incoming edges whose strongest non-{@code none} candidate weighs
 *       most; on each, that strongest non-{@code none} candidate (the DARTS paper's rule).</li>
 *   <li>{@link CellSpace}: on each edge, the strongest candidate, {@code none} included when the space offers it
 *       (NAS-Bench-201 does: an absent edge is a legal answer).</li>
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
        if (space instanceof DartsSpace d) {
            var chosen = new LinkedHashMap<String, List<Cell.Edge>>();
            for (String cell : DartsSpace.CELLS) {
                chosen.put(cell, topTwoPerNode(d, edges.get(cell), candidates.get(cell), weights.get(cell)));
            }
            return d.fromEdges(chosen.get("normal"), chosen.get("reduce"));
        }
        if (space instanceof CellSpace cs) {
            List<String> cand = candidates.get("cell");
            double[][] w = weights.get("cell");
            List<Cell.Edge> es = edges.get("cell");
            var values = new LinkedHashMap<String, Object>();
            for (int e = 0; e < es.size(); e++) {
                int best = 0;
                for (int k = 1; k < cand.size(); k++) {
                    if (w[e][k] > w[e][best]) {
                        best = k;
                    }
                }
                values.put(CellSpace.label(es.get(e).from(), es.get(e).to()), cand.get(best));
            }
            Sample s = Sample.of(values);
            cs.validate(s);
            return s;
        }
        throw new IllegalArgumentException("cannot derive an architecture of " + space.name()
                + ": DARTS derives DartsSpace and CellSpace samples");
    }

    private static List<Cell.Edge> topTwoPerNode(DartsSpace d, List<Cell.Edge> edges, List<String> cand,
                                                 double[][] w) {
        var out = new ArrayList<Cell.Edge>();
        for (int n = 2; n < 2 + d.nodes(); n++) {
            var incoming = new ArrayList<Integer>();
            for (int e = 0; e < edges.size(); e++) {
                if (edges.get(e).to() == n) {
                    incoming.add(e);
                }
            }
            // strongest edges first; ties keep the earlier input (stable sort)
            incoming.sort(Comparator.comparingDouble(e -> -w[e][strongestReal(cand, w[e])]));
            for (int e : incoming.subList(0, Math.min(2, incoming.size()))) {
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
        if (space instanceof DartsSpace d) {
            return d.freeze(sample).cell(cellType).edges();
        }
        return ((CellSpace) space).freeze(sample).cells().get(0).edges();
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
        if (space instanceof DartsSpace d) {
            return (int) d.freeze(sample).cell(cellType).edges().stream()
                    .filter(e -> Ops.family(e.op()) == OpFamily.SKIP).count();
        }
        return (int) ((CellSpace) space).freeze(sample).cells().get(0).edges().stream()
                .filter(e -> Ops.family(e.op()) == OpFamily.SKIP).count();
    }
}
