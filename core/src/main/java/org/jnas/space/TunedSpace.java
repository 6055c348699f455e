package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * Any space plus training {@link Hyperparameters}, searched jointly: its choices are the architecture's, then the
 * {@code "hp/..."} ones, and a sample freezes to a {@link TunedArchitecture} (the inner architecture plus its
 * {@link TrainingSettings}). Made by {@link SearchSpace#withHyperparameters}.
 *
 * @param architecture    the architecture space
 * @param hyperparameters the training choices
 */
public record TunedSpace(SearchSpace architecture, Hyperparameters hyperparameters) implements SearchSpace {

    @JsonCreator
    public TunedSpace(@JsonProperty("architecture") SearchSpace architecture,
                      @JsonProperty("hyperparameters") Hyperparameters hyperparameters) {
        this.architecture = Objects.requireNonNull(architecture, "architecture space");
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
        if (architecture instanceof TunedSpace) {
            throw new SpaceDefinitionException("space '" + architecture.name() + "' already carries hyperparameters:"
                    + " call withHyperparameters once, with every training choice");
        }
        for (Choice c : architecture.choices()) {
            if (c.label().startsWith(Hyperparameters.PREFIX)) {
                throw new SpaceDefinitionException("space '" + architecture.name() + "' has choice '" + c.label()
                        + "', but labels starting with '" + Hyperparameters.PREFIX + "' are reserved for training"
                        + " choices: rename it");
            }
        }
        SearchSpace.checkUniqueLabels(name(), choices());
    }

    @Override
    public String name() {
        return architecture.name();
    }

    @Override
    public List<Choice> choices() {
        var list = new ArrayList<>(architecture.choices());
        list.addAll(hyperparameters.choices());
        return list;
    }

    /** The architecture's part of a sample of this space. */
    public Sample architectureSample(Sample sample) {
        var values = new LinkedHashMap<String, Object>();
        for (Choice c : architecture.choices()) {
            values.put(c.label(), sample.get(c.label()));
        }
        return Sample.of(values);
    }

    @Override
    public TunedArchitecture freeze(Sample sample) {
        validate(sample);
        return new TunedArchitecture(sample, architecture.freeze(architectureSample(sample)),
                hyperparameters.settings(sample));
    }

    @Override
    public String toString() {
        return architecture + " with " + hyperparameters + " (" + size() + " samples in all)";
    }
}
