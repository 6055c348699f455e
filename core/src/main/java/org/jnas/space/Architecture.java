package org.jnas.space;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.render.Picture;

/**
 * A concrete network design: what a {@link Sample} of a {@link SearchSpace} freezes into. It knows how to become a
 * DJL network and how to draw itself, so evaluators, cost models and pictures work on every architecture type
 * without testing which one they hold (as a DJL {@code Block} knows its own forward pass).
 *
 * <h2>Adding an architecture type (one file)</h2>
 * <ol>
 *   <li>An immutable record implementing this interface, whose {@code toString} is its readable text form.</li>
 *   <li>{@link #network}: the (uninitialized) DJL block for the builder's input shape and class count; stand-alone
 *       training, costs (params, MACs, latency, peak memory), baselines and clusters all build it through
 *       {@link NetworkBuilder#build}.</li>
 *   <li>{@link #picture}: a {@link Picture} (the default refuses, naming the text form).</li>
 *   <li>JSON: add it to {@code @JsonSubTypes} below, with a short type name.</li>
 *   <li>A {@link SearchSpace} whose {@code freeze} returns it (the checklist for spaces is on that interface).</li>
 * </ol>
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

    /**
     * A fresh (uninitialized) network of this architecture for {@code settings}' input shape, class count and
     * sizes; initialize it with {@link NetworkBuilder#inputShape(int)}. Call {@link NetworkBuilder#build} rather
     * than this: it checks the result.
     */
    Block network(NetworkBuilder settings);

    /** Its picture: a cell diagram, a block stack... */
    default Picture picture() {
        throw new IllegalArgumentException("no picture for a " + getClass().getSimpleName()
                + " (it has no network shape to draw); its text form is: " + this);
    }
}
