package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A concrete network design: what a {@link Sample} of a {@link SearchSpace} freezes into. Evaluators build it into
 * a DJL network, cost models count it, renderers draw it. Immutable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CellArchitecture.class, name = "cells"),
        @JsonSubTypes.Type(value = ChainArchitecture.class, name = "chain"),
        @JsonSubTypes.Type(value = ChoiceArchitecture.class, name = "choices"),
        @JsonSubTypes.Type(value = TransformerArchitecture.class, name = "transformer"),
        @JsonSubTypes.Type(value = TunedArchitecture.class, name = "tuned")
})
public interface Architecture {
    /** The sample this architecture was frozen from. */
    Sample sample();
}
