package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;

/**
 * The DARTS cell space: a normal and a reduction cell, each with two inputs (c_{k-2}, c_{k-1}) and {@code nodes}
 * intermediate nodes; every intermediate node takes exactly two distinct earlier nodes as inputs, each through one
 * operation; the cell output concatenates all intermediate nodes.
 *
 * <p>Choices per cell and node {@code n}: {@code "normal/n/inputs"} (an unordered pair such as {@code "0,1"}),
 * {@code "normal/n/op0"} (op on the smaller input) and {@code "normal/n/op1"} (op on the larger). Encoding the
 * pair as one choice keeps every combination valid, so generic strategies never produce a broken cell.
 *
 * <p>As a {@link DifferentiableSpace}: two cell types, {@code normal} and {@code reduce}, each mixing {@code none}
 * and the ops on every (earlier node, node) pair; a derived node keeps its two strongest inputs (DARTS' rule).
 *
 * @param nodes intermediate nodes per cell (4 in DARTS)
 * @param ops   candidate operations of the discrete cell (DARTS: its 8 primitives without {@code none}, which
 *              a derived DARTS cell never contains; a supernet adds {@code none} as its own candidate)
 */
public record DartsSpace(int nodes, List<String> ops) implements DifferentiableSpace {

    public static final List<String> CELLS = List.of("normal", "reduce");
    private static final Pattern PAIR = Pattern.compile("\\('([^']+)',\\s*(\\d+)\\)");

    @JsonCreator
    public DartsSpace(@JsonProperty("nodes") int nodes, @JsonProperty("ops") List<String> ops) {
        if (nodes < 1) {
            throw new SpaceDefinitionException("a DARTS space needs at least one intermediate node, got " + nodes);
        }
        if (ops == null || ops.isEmpty()) {
            throw new SpaceDefinitionException("a DARTS space needs candidate operations");
        }
        Ops.requireKnown(ops);
        if (ops.stream().anyMatch(o -> Ops.family(o) == OpFamily.NONE)) {
            throw new SpaceDefinitionException("a DARTS space's discrete ops cannot contain 'none' (a derived cell"
                    + " never uses it); the supernet adds it. Ops given: " + ops);
        }
        this.nodes = nodes;
        this.ops = List.copyOf(ops);
    }

    /** The standard DARTS space: 4 nodes, the 7 non-zero DARTS primitives. */
    public static DartsSpace standard() {
        return new DartsSpace(4, Ops.DARTS_PRIMITIVES.stream().filter(o -> !o.equals("none")).toList());
    }

    public static String inputsLabel(String cell, int node) {
        return cell + "/" + node + "/inputs";
    }

    public static String opLabel(String cell, int node, int which) {
        return cell + "/" + node + "/op" + which;
    }

    @Override
    public String name() {
        return "darts";
    }

    @Override
    public List<Choice> choices() {
        var list = new ArrayList<Choice>();
        for (String cell : CELLS) {
            for (int n = 2; n < 2 + nodes; n++) {
                var pairs = new ArrayList<Object>();
                for (int a = 0; a < n; a++) {
                    for (int b = a + 1; b < n; b++) {
                        pairs.add(a + "," + b);
                    }
                }
                list.add(new Choice(inputsLabel(cell, n), pairs));
                list.add(new Choice(opLabel(cell, n, 0), List.copyOf(ops)));
                list.add(new Choice(opLabel(cell, n, 1), List.copyOf(ops)));
            }
        }
        return list;
    }

    @Override
    public CellArchitecture freeze(Sample sample) {
        validate(sample);
        var cells = new ArrayList<Cell>();
        for (String cell : CELLS) {
            var edges = new ArrayList<Cell.Edge>();
            var outs = new ArrayList<Integer>();
            for (int n = 2; n < 2 + nodes; n++) {
                String[] pair = sample.getString(inputsLabel(cell, n)).split(",");
                edges.add(new Cell.Edge(Integer.parseInt(pair[0]), n, sample.getString(opLabel(cell, n, 0))));
                edges.add(new Cell.Edge(Integer.parseInt(pair[1]), n, sample.getString(opLabel(cell, n, 1))));
                outs.add(n);
            }
            cells.add(new Cell(cell, 2, nodes, edges, outs));
        }
        return new CellArchitecture(sample, cells);
    }

    /** A sample from edges chosen per node: {@code (op, input)} pairs, two per node, in node order. */
    public Sample fromEdges(List<Cell.Edge> normal, List<Cell.Edge> reduce) {
        var values = new LinkedHashMap<String, Object>();
        for (String cell : CELLS) {
            List<Cell.Edge> edges = cell.equals("normal") ? normal : reduce;
            for (int n = 2; n < 2 + nodes; n++) {
                final int node = n;
                var in = edges.stream().filter(e -> e.to() == node).sorted((x, y) -> Integer.compare(x.from(),
                        y.from())).toList();
                if (in.size() != 2 || in.get(0).from() == in.get(1).from()) {
                    throw new SpaceDefinitionException("DARTS " + cell + " cell node " + n + " needs exactly two"
                            + " distinct inputs, got " + in);
                }
                values.put(inputsLabel(cell, n), in.get(0).from() + "," + in.get(1).from());
                values.put(opLabel(cell, n, 0), in.get(0).op());
                values.put(opLabel(cell, n, 1), in.get(1).op());
            }
        }
        Sample s = Sample.of(values);
        validate(s);
        return s;
    }

    /**
     * The DARTS code's genotype form: {@code Genotype(normal=[('sep_conv_3x3', 0), ...], normal_concat=[2, 3, 4, 5],
     * reduce=[...], reduce_concat=[2, 3, 4, 5])}.
     */
    public String toGenotype(Sample sample) {
        CellArchitecture arch = freeze(sample);
        var sb = new StringBuilder("Genotype(");
        for (String cell : CELLS) {
            Cell c = arch.cell(cell);
            sb.append(cell).append("=[");
            sb.append(String.join(", ", c.edges().stream().map(e -> "('" + e.op() + "', " + e.from() + ")")
                    .toList()));
            sb.append("], ").append(cell).append("_concat=").append(c.outputs());
            sb.append(cell.equals("normal") ? ", " : ")");
        }
        return sb.toString();
    }

    /** Parses the DARTS genotype form (as printed by the DARTS code, or {@link #toGenotype}). */
    public Sample fromGenotype(String genotype) {
        var lists = new ArrayList<List<Cell.Edge>>();
        for (String cell : CELLS) {
            int start = genotype.indexOf(cell + "=[");
            if (start < 0) {
                throw new SpaceDefinitionException("genotype has no '" + cell + "=[...]' part: " + genotype);
            }
            int end = genotype.indexOf(']', start);
            Matcher m = PAIR.matcher(genotype.substring(start, end));
            var edges = new ArrayList<Cell.Edge>();
            int i = 0;
            while (m.find()) {
                edges.add(new Cell.Edge(Integer.parseInt(m.group(2)), 2 + i / 2, m.group(1)));
                i++;
            }
            if (edges.size() != 2 * nodes) {
                throw new SpaceDefinitionException("genotype " + cell + " cell lists " + edges.size()
                        + " (op, input) pairs; a " + nodes + "-node DARTS cell needs " + 2 * nodes);
            }
            lists.add(edges);
        }
        return fromEdges(lists.get(0), lists.get(1));
    }

    /** Both cells with every (earlier node, node) pair as a mixed edge. */
    @Override
    public List<Cell> mixedCells() {
        var cells = new ArrayList<Cell>();
        for (String cell : CELLS) {
            var edges = new ArrayList<Cell.Edge>();
            var outs = new ArrayList<Integer>();
            for (int n = 2; n < 2 + nodes; n++) {
                for (int j = 0; j < n; j++) {
                    edges.add(new Cell.Edge(j, n, "mixed"));
                }
                outs.add(n);
            }
            cells.add(new Cell(cell, 2, nodes, edges, outs));
        }
        return cells;
    }

    /** {@code none} (so the supernet can weigh "no edge", which ranks a node's inputs) and the space's ops. */
    @Override
    public List<String> candidates() {
        var candidates = new ArrayList<String>();
        candidates.add("none");
        candidates.addAll(ops);
        return candidates;
    }

    /** Every node keeps two inputs, as in a DARTS genotype. */
    @Override
    public int derivedInputsPerNode() {
        return 2;
    }

    @Override
    public Sample fromDerivedEdges(Map<String, List<Cell.Edge>> edgesByCellType) {
        return fromEdges(edgesByCellType.get("normal"), edgesByCellType.get("reduce"));
    }

    @Override
    public String genotype(Sample sample) {
        return toGenotype(sample);
    }

    @Override
    public DartsSpace withOps(List<String> ops) {
        return new DartsSpace(nodes, ops);
    }

    @Override
    public String toString() {
        return "DartsSpace: normal + reduction cell, " + nodes + " nodes x 2 inputs, ops " + ops + " (" + size()
                + " architectures)";
    }
}
