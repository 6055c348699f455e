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

    /** The network of any architecture: the inner one of a tuned architecture, else itself. */
    public static Architecture network(Architecture arch) {
        return arch instanceof TunedArchitecture t ? t.architecture() : arch;
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
