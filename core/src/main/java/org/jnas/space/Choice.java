package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One labelled decision of a search space: pick one of a fixed list of options.
 *
 * <p>Options are plain JSON values (strings, integers, doubles, booleans) so that samples, journals and specs stay
 * readable and round-trip through JSON. Every strategy in jnas works on choices alone, which is what lets any
 * strategy run on any space.
 *
 * @param label   unique name of the decision inside its space, for example {@code "cell/edge_1_0"}
 * @param options the candidate values, at least one, no duplicates
 */
public record Choice(@JsonProperty("label") String label, @JsonProperty("options") List<Object> options) {

    @JsonCreator
    public Choice {
        if (label == null || label.isBlank()) {
            throw new SpaceDefinitionException("a choice needs a non-empty label");
        }
        if (options == null || options.isEmpty()) {
            throw new SpaceDefinitionException("choice '" + label + "' has no options: give it at least one value");
        }
        var seen = new HashSet<>();
        for (Object o : options) {
            Objects.requireNonNull(o, () -> "choice '" + label + "' has a null option");
            if (!(o instanceof String || o instanceof Number || o instanceof Boolean)) {
                throw new SpaceDefinitionException("choice '" + label + "' option " + o + " is a "
                        + o.getClass().getSimpleName() + "; options must be strings, numbers or booleans");
            }
            if (!seen.add(normalize(o))) {
                throw new SpaceDefinitionException("choice '" + label + "' lists option " + o + " twice");
            }
        }
        options = options.stream().map(Choice::normalize).toList();
    }

    /** A choice of the given options, for example {@code Choice.of("width", 16, 32, 64)}. */
    public static Choice of(String label, Object... options) {
        return new Choice(label, List.of(options));
    }

    public int size() {
        return options.size();
    }

    /** Index of {@code value} among the options, or -1. Numbers compare by value (JSON may turn 3 into 3L). */
    public int indexOf(Object value) {
        return value == null ? -1 : options.indexOf(normalize(value));
    }

    public boolean allows(Object value) {
        return indexOf(value) >= 0;
    }

    public Object option(int index) {
        return options.get(index);
    }

    /** Integers of any width become Integer, other numbers Double: JSON and Java literals then compare equal. */
    static Object normalize(Object v) {
        if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
            long l = ((Number) v).longValue();
            if (l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return (int) l;
            }
            return l;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    @Override
    public String toString() {
        return label + " in " + options;
    }
}
