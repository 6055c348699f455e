package org.jnas.space;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.jnas.eval.djl.NetworkBuilder;

/** What a {@link ChoiceSpace} sample freezes into: the sample itself, for a user's own builder to read. */
public record ChoiceArchitecture(Sample sample) implements Architecture {

    /** The user's network function ({@link NetworkBuilder#choiceNetwork}), since only the user knows what the
     * choices mean. */
    @Override
    public Block network(NetworkBuilder settings) {
        NetworkBuilder.ChoiceNetwork function = settings.choiceNetwork();
        if (function == null) {
            throw new IllegalStateException("a ChoiceArchitecture (" + this + ") needs your network function:"
                    + " call NetworkBuilder.choiceNetwork((arch, input, classes) -> yourBlock) first");
        }
        return function.build(this, new Shape(settings.inputChannels(), settings.height(), settings.width()),
                settings.classes());
    }

    @Override
    public String toString() {
        return sample.toString();
    }
}
