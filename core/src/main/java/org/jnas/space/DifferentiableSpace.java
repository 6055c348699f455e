package org.jnas.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cell space that DARTS can relax into one supernet, and that the one-shot evaluator can share weights over: every
 * choice is the operation on an edge of a cell, so all candidates of an edge can run side by side (a mixed op),
 * and one mixing weight per (edge, candidate) derives back into a sample of the space. The DARTS code
 * ({@code org.jnas.darts}) and the cell supernet of {@code org.jnas.oneshot} learn everything about a space from
 * this interface and never name a concrete space. {@link DartsSpace} and {@link CellSpace} implement it.
 *
 * <h2>Terms</h2>
 * A <em>skeleton cell</em> is one cell of the supernet's macro skeleton, in network order; a <em>cell type</em>
 * owns one alpha matrix (rows: its edges, columns: its candidates). Skeleton cells of one type share that matrix:
 * DARTS has two types, {@code normal} and {@code reduce}; a two-input {@link CellSpace} has two skeleton cells
 * ({@code normal}, {@code reduce}) of one type, {@code cell}. The first cell type is the one the DARTS+ collapse
 * remedy watches (DARTS' normal cell).
 *
 * <h2>Checklist for a new differentiable space</h2>
 * <ol>
 *   <li>{@link #mixedCells()}: the skeleton cells in network order, each edge's op {@code "mixed"}; edge order is
 *       alpha row order. One-input cells get the NAS-Bench-201 skeleton (three stages), two-input cells the
 *       DARTS skeleton (reductions at 1/3 and 2/3 of the depth); other input counts are refused.</li>
 *   <li>{@link #cellTypeOf(String)} when skeleton cells share a type (the default: each cell is its own type).</li>
 *   <li>{@link #candidates()}: the ops on every mixed edge, in alpha column order ({@code none} included when a
 *       derivation may drop an edge, or when the supernet should learn to weigh "no edge" as DARTS does), and
 *       {@link #ops()}: the ops a derived cell may contain.</li>
 *   <li>{@link #derivedInputsPerNode()}: DARTS' rule (each node keeps its k strongest incoming edges) or a fixed
 *       DAG (0: every edge keeps its strongest candidate).</li>
 *   <li>{@link #fromDerivedEdges(Map)}: chosen edges per cell type back to a validated {@link Sample}; and
 *       {@link #freeze(Sample)} returning one cell per cell type, named as the type, so derived edges can be read
 *       back (DARTS+ counts skip connections in them).</li>
 *   <li>{@link #genotype(Sample)}: the text form a user pastes elsewhere; {@link #withOps(List)}: the same topology
 *       over other ops (the one-shot memory estimate prices each op alone).</li>
 *   <li>A test: a tiny {@code DartsSearch} on the space derives a sample of it (copy
 *       {@code darts/DartsSearchTest}); add the space to {@link SearchSpace}'s JSON subtypes if it has a JSON
 *       form.</li>
 * </ol>
 */
public interface DifferentiableSpace extends SearchSpace {

    /** Skeleton cells in network order, every edge's op {@code "mixed"}; their edges are the alpha rows. */
    List<Cell> mixedCells();

    /** The cell type (alpha matrix) of a skeleton cell; by default each skeleton cell is its own type. */
    default String cellTypeOf(String skeletonCell) {
        return skeletonCell;
    }

    /** The cell types in order of first appearance in the skeleton; the first is the one DARTS+ watches. */
    default List<String> cellTypes() {
        var types = new ArrayList<String>();
        for (Cell c : mixedCells()) {
            String t = cellTypeOf(c.name());
            if (!types.contains(t)) {
                types.add(t);
            }
        }
        return types;
    }

    /** The candidate ops of every mixed edge, in alpha column order. */
    List<String> candidates();

    /** The ops a derived cell may contain (names from {@link org.jnas.ops.Ops}). */
    List<String> ops();

    /**
     * How a derived cell keeps edges: {@code k > 0}, each intermediate node keeps its {@code k} incoming edges
     * whose strongest candidate other than {@code none} weighs most, each with that candidate (the DARTS paper's
     * rule, k = 2); {@code 0}, every edge of the fixed DAG keeps its strongest candidate, {@code none} included (a
     * dropped edge is a legal answer, as in NAS-Bench-201).
     */
    int derivedInputsPerNode();

    /**
     * The sample whose cells have exactly these edges: per cell type, the chosen {@code (from, to, op)} edges.
     *
     * @throws SpaceDefinitionException when the edges do not form a cell of this space
     */
    Sample fromDerivedEdges(Map<String, List<Cell.Edge>> edgesByCellType);

    /** The frozen architecture: one cell per cell type, named as the type. */
    @Override
    CellArchitecture freeze(Sample sample);

    /** The sample in the space's text form: a DARTS genotype, a NAS-Bench-201 string. */
    String genotype(Sample sample);

    /** This space's topology with other ops: same cells and edges, {@code ops} as the candidates. */
    DifferentiableSpace withOps(List<String> ops);

    /** The label of the edge from node {@code from} to node {@code to}, {@code "i->j"}: alpha rows, plots. */
    static String edgeLabel(int from, int to) {
        return from + "->" + to;
    }

    /**
     * {@code space} as a differentiable space, or a {@link SpaceDefinitionException} that names it and says what
     * {@code what} (DARTS, the one-shot supernet, ...) accepts instead.
     */
    static DifferentiableSpace require(SearchSpace space, String what) {
        if (space instanceof DifferentiableSpace d) {
            return d;
        }
        throw new SpaceDefinitionException(what + " needs a cell space whose edges choose operations (a"
                + " DifferentiableSpace: CellSpace or DartsSpace), not " + space.getClass().getSimpleName() + " '"
                + space.name() + "'. Use Spaces.darts(), Spaces.nasBench201() or your own CellSpace, or search this"
                + " space with a stand-alone evaluator.");
    }
}
