package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A free-form space of named choices, for anything the ready-made spaces do not cover (a training recipe, your own
 * network family): it freezes to a {@link ChoiceArchitecture} that is just the sample, which your own evaluator
 * or network builder interprets.
 *
 * <pre>{@code
 * var space = ChoiceSpace.of("mlp", Choice.of("layers", 1, 2, 3), Choice.of("units", 64, 128));
 * }</pre>
 */
public record ChoiceSpace(String name, List<Choice> choices) implements SearchSpace {

    @JsonCreator
    public ChoiceSpace(@JsonProperty("name") String name, @JsonProperty("choices") List<Choice> choices) {
        this.name = name == null ? "choices" : name;
        if (choices == null || choices.isEmpty()) {
            throw new SpaceDefinitionException("space '" + this.name + "' has no choices");
        }
        this.choices = List.copyOf(choices);
        SearchSpace.checkUniqueLabels(this.name, this.choices);
    }

    public static ChoiceSpace of(String name, Choice... choices) {
        return new ChoiceSpace(name, List.of(choices));
    }

    @Override
    @JsonProperty("choices")
    public List<Choice> choices() {
        return new ArrayList<>(choices);
    }

    @Override
    public ChoiceArchitecture freeze(Sample sample) {
        validate(sample);
        return new ChoiceArchitecture(sample);
    }

    @Override
    public String toString() {
        return "ChoiceSpace " + name + ": " + choices + " (" + size() + " points)";
    }
}
