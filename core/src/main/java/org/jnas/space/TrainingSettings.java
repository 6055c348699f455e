package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;

/**
 * The training decisions of one sample ({@link Hyperparameters#settings}); a null field keeps the evaluator's own
 * setting. The training evaluator applies them on top of its recipe ({@code Recipe.tunedBy}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingSettings(Double learningRate, Double weightDecay, Integer batchSize, String optimizer,
                               Integer epochs, Boolean augment) implements java.io.Serializable {

    /** No decision: the evaluator's recipe as it is. */
    public static final TrainingSettings NONE = new TrainingSettings(null, null, null, null, null, null);

    @Override
    public String toString() {
        var parts = new ArrayList<String>();
        if (learningRate != null) {
            parts.add("lr " + learningRate);
        }
        if (weightDecay != null) {
            parts.add("wd " + weightDecay);
        }
        if (batchSize != null) {
            parts.add("batch " + batchSize);
        }
        if (optimizer != null) {
            parts.add(optimizer);
        }
        if (epochs != null) {
            parts.add(epochs + (epochs == 1 ? " epoch" : " epochs"));
        }
        if (augment != null) {
            parts.add(augment ? "augmented" : "no augmentation");
        }
        return String.join(", ", parts);
    }
}
