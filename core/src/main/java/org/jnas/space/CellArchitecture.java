package org.jnas.space;

import java.util.List;

/**
 * A cell-based architecture: one cell repeated (NAS-Bench-201), or a normal and a reduction cell (DARTS). How many
 * times cells repeat and where reductions sit is the network builder's concern, not the architecture's.
 */
public record CellArchitecture(Sample sample, List<Cell> cells) implements Architecture {
    public CellArchitecture {
        cells = List.copyOf(cells);
    }

    /** The cell named {@code name} ("cell", "normal", "reduce"). */
    public Cell cell(String name) {
        return cells.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new SpaceDefinitionException("architecture has no cell '" + name + "'; it has "
                        + cells.stream().map(Cell::name).toList()));
    }

    @Override
    public String toString() {
        return String.join(" ", cells.stream().map(Cell::toString).toList());
    }
}
