package org.jnas.render;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.CellArchitecture;

/**
 * A cell as researchers know it from the DARTS paper: inputs on the left, intermediate nodes, the output on the
 * right, each edge labelled with its operation and coloured by family (convolution, pooling, skip; {@code none}
 * edges are left out). Cells of one architecture sit side by side (DARTS: normal and reduction cell).
 *
 * <p>Naming follows the paper: two-input cells call their inputs {@code c_{k-2}}, {@code c_{k-1}}, their
 * intermediate nodes {@code 0, 1, ...} and their concatenated output {@code c_{k}}; a single-input cell whose
 * output is its last node (NAS-Bench-201) calls them {@code in}, {@code 1, 2, ...} and {@code out}.
 *
 * <pre>{@code
 * var darts = Spaces.darts();
 * CellDiagram.of(darts.freeze(darts.fromGenotype(Genotypes.DARTS_V2))).save(Path.of("darts_v2.svg"));
 * }</pre>
 */
public final class CellDiagram extends Diagram {
    static final Color INPUT_FILL = new Color(0xB4, 0xEE, 0xB4);   // graphviz darkseagreen2, as in DARTS' plots
    static final Color NODE_FILL = new Color(0xAD, 0xD8, 0xE6);    // lightblue
    static final Color OUTPUT_FILL = new Color(0xEE, 0xE8, 0xAA);  // palegoldenrod

    private final String description;

    private CellDiagram(List<Panel> panels, String description, boolean stacked) {
        super(panels, legend(panels), 22, 34, stacked);
        this.description = description;
    }

    /** Every cell of the architecture, side by side in its order ("normal" then "reduce" for DARTS). */
    public static CellDiagram of(CellArchitecture architecture) {
        Objects.requireNonNull(architecture, "architecture");
        return of(architecture.cells());
    }

    /** The given cells side by side. */
    public static CellDiagram of(List<Cell> cells) {
        return arrange(cells, false);
    }

    /**
     * Every cell of the architecture, one above the other: half the width of {@link #of(CellArchitecture)}, so the
     * text stays large in a narrow notebook column.
     */
    public static CellDiagram stacked(CellArchitecture architecture) {
        Objects.requireNonNull(architecture, "architecture");
        return arrange(architecture.cells(), true);
    }

    private static CellDiagram arrange(List<Cell> cells, boolean stacked) {
        if (cells == null || cells.isEmpty()) {
            throw new IllegalArgumentException("a cell diagram needs at least one cell");
        }
        var panels = new ArrayList<Panel>();
        var desc = new StringBuilder("CellDiagram");
        for (Cell c : cells) {
            panels.add(panel(c));
            desc.append(' ').append(c);
        }
        return new CellDiagram(panels, desc.toString(), stacked);
    }

    /** One cell alone. */
    public static CellDiagram of(Cell cell) {
        return of(List.of(cell));
    }

    /**
     * The name drawn for node {@code node} of {@code cell}: {@code c_{k-2}}, {@code c_{k-1}}, {@code 0..} and
     * {@code c_{k}} in a DARTS-style cell; {@code in}, {@code 1..}, {@code out} in a single-output cell.
     */
    public static String nodeName(Cell cell, int node) {
        if (node < cell.inputs()) {
            if (cell.inputs() == 2) {
                return node == 0 ? "c_{k-2}" : "c_{k-1}";
            }
            return cell.inputs() == 1 ? "in" : "in" + node;
        }
        if (singleOutput(cell)) {
            return node == cell.outputs().get(0) ? "out" : String.valueOf(node);
        }
        return String.valueOf(cell.inputs() == 2 ? node - 2 : node);
    }

    /** The name of the concatenated output node of a multi-output cell. */
    public static final String CONCAT_OUTPUT = "c_{k}";

    private static boolean singleOutput(Cell cell) {
        return cell.outputs().size() == 1;
    }

    private static Panel panel(Cell cell) {
        var nodes = new ArrayList<NodeSpec>();
        var edges = new ArrayList<EdgeSpec>();
        boolean single = singleOutput(cell);
        for (int n = 0; n < cell.totalNodes(); n++) {
            boolean input = n < cell.inputs();
            boolean output = single && n == cell.outputs().get(0);
            nodes.add(new NodeSpec(id(n), List.of(nodeName(cell, n)),
                    input ? INPUT_FILL : output ? OUTPUT_FILL : NODE_FILL, input, output));
        }
        for (Cell.Edge e : cell.edges()) {
            if (Ops.isKnown(e.op()) && Ops.family(e.op()) == OpFamily.NONE) {
                continue;
            }
            edges.add(new EdgeSpec(id(e.from()), id(e.to()), e.op(), Style.opColor(e.op()), false));
        }
        if (!single) {
            nodes.add(new NodeSpec("out", List.of(CONCAT_OUTPUT), OUTPUT_FILL, false, true));
            for (int o : cell.outputs()) {
                edges.add(new EdgeSpec(id(o), "out", null, Style.MUTED, true));
            }
        }
        return new Panel(title(cell.name()), nodes, edges);
    }

    private static String id(int node) {
        return "n" + node;
    }

    private static String title(String cellName) {
        return switch (cellName) {
            case "normal" -> "normal cell";
            case "reduce" -> "reduction cell";
            default -> cellName;
        };
    }

    /** Only the colours that occur, in a fixed order. */
    private static List<LegendEntry> legend(List<Panel> panels) {
        var used = panels.stream().flatMap(p -> p.edges().stream()).map(EdgeSpec::color).distinct().toList();
        var all = List.of(new LegendEntry("convolution", Style.CONV), new LegendEntry("pooling", Style.POOL),
                new LegendEntry("skip", Style.SKIP), new LegendEntry("concatenation", Style.MUTED));
        return all.stream().filter(e -> used.contains(e.color())).toList();
    }

    @Override
    public String describe() {
        return description;
    }
}
