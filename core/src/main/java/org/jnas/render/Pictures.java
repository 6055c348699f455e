package org.jnas.render;

import org.jnas.space.Architecture;
import org.jnas.space.CellArchitecture;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.SearchSpace;
import org.jnas.space.TransformerArchitecture;
import org.jnas.space.TunedArchitecture;
import org.jnas.space.Sample;

/** The picture of any architecture: cells as cell diagrams, chains as block stacks, transformers as layer stacks. */
public final class Pictures {
    private Pictures() {
    }

    /** A cell diagram (normal and reduction cells side by side) or a chain diagram. */
    public static Picture of(Architecture architecture) {
        if (architecture instanceof CellArchitecture cells) {
            return CellDiagram.of(cells);
        }
        if (architecture instanceof ChainArchitecture chain) {
            return ChainDiagram.of(chain);
        }
        if (architecture instanceof TransformerArchitecture vit) {
            return TransformerDiagram.of(vit);
        }
        if (architecture instanceof TunedArchitecture tuned) { // the network; its training choices are in the sample
            return of(tuned.architecture());
        }
        throw new IllegalArgumentException("no picture for a " + architecture.getClass().getSimpleName()
                + " (a free-form ChoiceSpace sample has no network shape to draw); its text form is: "
                + architecture);
    }

    /** The picture of a sample of a space. */
    public static Picture of(SearchSpace space, Sample sample) {
        return of(space.freeze(sample));
    }
}
