package org.jnas.space;

import java.util.Objects;

/**
 * A sample of a {@link TunedSpace}: the network ({@link #architecture()}, what builders, cost models and pictures
 * use) and how to train it ({@link #training()}, what the training evaluator applies to its recipe).
 *
 * @param sample       the whole sample, architecture and training choices
 * @param architecture the frozen network
 * @param training     the training decisions
 */
public record TunedArchitecture(Sample sample, Architecture architecture, TrainingSettings training)
        implements Architecture {

    public TunedArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        training = training == null ? TrainingSettings.NONE : training;
    }

    /** The inner architecture's network: training choices do not change it. */
    @Override
    public ai.djl.nn.Block network(org.jnas.eval.djl.NetworkBuilder settings) {
        return architecture.network(settings);
    }

    /** The inner architecture's picture; its training choices are in the sample. */
    @Override
    public org.jnas.render.Picture picture() {
        return architecture.picture();
    }

    /** The training decisions of any architecture: none unless it is tuned. */
    public static TrainingSettings training(Architecture arch) {
        return arch instanceof TunedArchitecture t ? t.training() : TrainingSettings.NONE;
    }

    @Override
    public String toString() {
        return architecture + " trained with " + (training.equals(TrainingSettings.NONE) ? "the evaluator's recipe"
                : training);
    }
}
