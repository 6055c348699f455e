package org.jnas.space;

import java.util.List;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.CellDiagram;
import org.jnas.render.Picture;

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

    /** The NAS-Bench-201 (one-input cells) or DARTS (two-input cells) skeleton of {@link CellNetwork}. */
    @Override
    public ai.djl.nn.Block network(NetworkBuilder settings) {
        return CellNetwork.builder().channels(settings.channels()).cellsPerStage(settings.cellsPerStage())
                .cells(settings.cells()).inputChannels(settings.inputChannels()).classes(settings.classes())
                .build(this);
    }

    /** Normal and reduction cells side by side. */
    @Override
    public Picture picture() {
        return CellDiagram.of(this);
    }
}
