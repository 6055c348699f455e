package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.CellSpace;
import org.jnas.space.DartsSpace;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

/** Derivation from hand-set weights gives the genotype the DARTS rules prescribe. */
class DerivationTest {

    private static List<Cell.Edge> dartsEdges(int nodes) {
        var edges = new ArrayList<Cell.Edge>();
        for (int n = 2; n < 2 + nodes; n++) {
            for (int j = 0; j < n; j++) {
                edges.add(new Cell.Edge(j, n, "mixed"));
            }
        }
        return edges;
    }

    /** A row that puts {@code weight} on {@code op} and spreads the rest evenly. */
    private static double[] row(List<String> cand, String op, double weight) {
        double[] r = new double[cand.size()];
        java.util.Arrays.fill(r, (1 - weight) / (cand.size() - 1));
        r[cand.indexOf(op)] = weight;
        return r;
    }

    @Test
    void dartsKeepsTwoStrongestNonNoneEdgesPerNode() {
        DartsSpace space = Spaces.darts();
        List<String> cand = Ops.DARTS_PRIMITIVES;
        List<Cell.Edge> edges = dartsEdges(4);
        double[][] normal = new double[14][];
        // node 2: edges 0->2, 1->2
        normal[0] = row(cand, "sep_conv_3x3", 0.6);
        normal[1] = row(cand, "skip_connect", 0.4);
        // node 3: 0->3 is mostly none (ignored: its best real op weighs ~0.01), 1->3 and 2->3 win
        normal[2] = row(cand, "none", 0.93);
        normal[3] = row(cand, "dil_conv_3x3", 0.5);
        normal[4] = row(cand, "sep_conv_5x5", 0.9);
        // node 4: 0->4, 1->4, 2->4, 3->4
        normal[5] = row(cand, "max_pool_3x3", 0.7);
        normal[6] = row(cand, "avg_pool_3x3", 0.2);
        normal[7] = row(cand, "dil_conv_5x5", 0.3);
        normal[8] = row(cand, "sep_conv_3x3", 0.25);
        // node 5: 0->5 .. 4->5; 4->5 and 0->5 win
        normal[9] = row(cand, "skip_connect", 0.8);
        normal[10] = row(cand, "sep_conv_3x3", 0.3);
        normal[11] = row(cand, "sep_conv_3x3", 0.2);
        normal[12] = row(cand, "sep_conv_3x3", 0.2);
        normal[13] = row(cand, "dil_conv_3x3", 0.85);
        double[][] reduce = new double[14][];
        for (int e = 0; e < 14; e++) {
            reduce[e] = row(cand, "max_pool_3x3", e < 9 ? 0.5 + 0.01 * e : 0.3);
        }
        Sample s = Derivation.derive(space, Map.of("normal", edges, "reduce", edges),
                Map.of("normal", cand, "reduce", cand), Map.of("normal", normal, "reduce", reduce));
        assertEquals("Genotype(normal=[('sep_conv_3x3', 0), ('skip_connect', 1), ('dil_conv_3x3', 1),"
                + " ('sep_conv_5x5', 2), ('max_pool_3x3', 0), ('dil_conv_5x5', 2), ('skip_connect', 0),"
                + " ('dil_conv_3x3', 4)], normal_concat=[2, 3, 4, 5], reduce=[('max_pool_3x3', 0),"
                + " ('max_pool_3x3', 1), ('max_pool_3x3', 1), ('max_pool_3x3', 2), ('max_pool_3x3', 2),"
                + " ('max_pool_3x3', 3), ('max_pool_3x3', 0), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])",
                space.toGenotype(s));
        assertEquals(2, Derivation.skipConnections(space, s, "normal"));
    }

    @Test
    void nasBench201TakesStrongestOpPerEdgeIncludingNone() {
        CellSpace space = Spaces.nasBench201();
        List<String> cand = space.ops(); // none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3
        var edges = new ArrayList<Cell.Edge>();
        for (int[] e : space.edgePairs()) {
            edges.add(new Cell.Edge(e[0], e[1], "mixed"));
        }
        double[][] w = {row(cand, "nor_conv_3x3", 0.5), row(cand, "none", 0.6), row(cand, "avg_pool_3x3", 0.3),
            row(cand, "skip_connect", 0.4), row(cand, "nor_conv_1x1", 0.35), row(cand, "nor_conv_3x3", 0.9)};
        Sample s = Derivation.derive(space, Map.of("cell", edges), Map.of("cell", cand), Map.of("cell", w));
        assertEquals("|nor_conv_3x3~0|+|none~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|",
                space.toArchString(s));
        assertEquals(1, Derivation.skipConnections(space, s, "cell"));
    }
}
