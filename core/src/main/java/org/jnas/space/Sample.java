package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An immutable assignment of a value to each choice label of a space: what strategies propose and evaluators
 * receive. Order follows the space's choices, so {@link #toString()} and {@link #key()} are stable.
 */
public final class Sample {
    private final Map<String, Object> values;

    private Sample(Map<String, Object> values) {
        var copy = new LinkedHashMap<String, Object>();
        values.forEach((k, v) -> copy.put(k, Choice.normalize(v)));
        this.values = Collections.unmodifiableMap(copy);
    }

    @JsonCreator
    public static Sample of(Map<String, ?> values) {
        return new Sample(new LinkedHashMap<>(values));
    }

    @JsonValue
    public Map<String, Object> values() {
        return values;
    }

    public Object get(String label) {
        Object v = values.get(label);
        if (v == null && !values.containsKey(label)) {
            throw new SpaceDefinitionException("sample has no choice '" + label + "'; it has " + values.keySet());
        }
        return v;
    }

    public String getString(String label) {
        return String.valueOf(get(label));
    }

    public int getInt(String label) {
        Object v = get(label);
        if (v instanceof Number n) {
            return n.intValue();
        }
        return Integer.parseInt(String.valueOf(v));
    }

    /** A copy with one choice changed. */
    public Sample with(String label, Object value) {
        var copy = new LinkedHashMap<>(values);
        copy.put(label, value);
        return new Sample(copy);
    }

    public int size() {
        return values.size();
    }

    /** A compact canonical string, usable as a map key and for de-duplication: {@code "v1|v2|..."}. */
    public String key() {
        return values.values().stream().map(String::valueOf).collect(Collectors.joining("|"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
