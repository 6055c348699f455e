package org.jnas.render;

import org.jnas.space.Architecture;
import org.jnas.space.SearchSpace;
import org.jnas.space.Sample;

/** The picture of any architecture: cells as cell diagrams, chains as block stacks, transformers as layer stacks. */
public final class Pictures {
    private Pictures() {
    }

    /** The architecture's own picture ({@link Architecture#picture}): a cell diagram, a chain diagram... */
    public static Picture of(Architecture architecture) {
        return architecture.picture();
    }

    /** The picture of a sample of a space. */
    public static Picture of(SearchSpace space, Sample sample) {
        return of(space.freeze(sample));
    }
}
