package org.jnas.util;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Names to things, the one registration idiom of jnas: cell ops ({@code Ops.register}), chain blocks
 * ({@code ChainBlocks.register}), strategies ({@code Strategies.register}) and the evaluator kinds of a search spec
 * ({@code EvaluatorKinds.register}) are each a {@code Registry}. (JSON type names of spaces and architectures stay
 * Jackson's {@code @JsonSubTypes}, which Jackson reads at class-load time.) Every one of them is filled the same way (a {@code register(name, ...)} call, in a static
 * block for the built-in entries, or from a notebook cell for yours) and fails the same way: an unknown name names
 * what exists and how to add one.
 *
 * <p>Names are case-sensitive and kept in registration order (the order listings and error messages show).
 * Registering a name again replaces the entry: a notebook cell run twice does no harm. Thread-safe.
 *
 * @param <T> what is registered
 */
public final class Registry<T> {
    private final String what;
    private final String howToAdd;
    private final Function<String, ? extends RuntimeException> failure;
    private final Map<String, T> entries = new LinkedHashMap<>();

    /**
     * @param what     what an entry is, in the singular ("operation", "strategy"): used in error messages
     * @param howToAdd the call that adds one, for the error message ("Ops.register(name, family, factory)")
     * @param failure  the exception an unknown name throws, given the full message
     */
    public Registry(String what, String howToAdd, Function<String, ? extends RuntimeException> failure) {
        this.what = Objects.requireNonNull(what, "what");
        this.howToAdd = Objects.requireNonNull(howToAdd, "howToAdd");
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** A registry whose unknown names throw {@link IllegalArgumentException}. */
    public Registry(String what, String howToAdd) {
        this(what, howToAdd, IllegalArgumentException::new);
    }

    /** Adds (or replaces) an entry. The name must be non-blank. */
    public synchronized void register(String name, T entry) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a " + what + " needs a non-blank name");
        }
        entries.put(name, Objects.requireNonNull(entry, what + " '" + name + "'"));
    }

    /** The entry named {@code name}, or the registry's exception naming the known names and how to add one. */
    public synchronized T get(String name) {
        T entry = name == null ? null : entries.get(name);
        if (entry == null) {
            throw failure.apply(unknown(name));
        }
        return entry;
    }

    /** The message for an unknown name: what exists and how to add one. */
    public synchronized String unknown(String name) {
        return "unknown " + what + " '" + name + "'; known: " + String.join(", ", entries.keySet())
                + ". Add your own with " + howToAdd + ".";
    }

    public synchronized boolean contains(String name) {
        return name != null && entries.containsKey(name);
    }

    /** The registered names, in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** The entries, in registration order. */
    public synchronized List<T> entries() {
        return List.copyOf(entries.values());
    }
}
