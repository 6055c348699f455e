package org.jnas.strategy;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.jnas.space.Sample;

/** Shared plumbing of the ready-made strategies: the context, and proposing samples not evaluated before. */
abstract class BaseStrategy implements Strategy {
    /** How often to redraw a sample that was already proposed before giving up and proposing it again. */
    static final int DEDUPE_TRIES = 20;

    protected SearchContext context;
    protected final Set<Sample> proposed = new HashSet<>();

    @Override
    public void start(SearchContext context) {
        this.context = context;
    }

    protected SearchContext context() {
        if (context == null) {
            throw new IllegalStateException(describe() + " was not started: call start(context) before ask/tell");
        }
        return context;
    }

    /** A sample from {@code draw} not proposed before if one turns up within a few tries; remembered. */
    protected Sample fresh(Supplier<Sample> draw) {
        Sample s = draw.get();
        for (int i = 0; i < DEDUPE_TRIES && proposed.contains(s); i++) {
            s = draw.get();
        }
        proposed.add(s);
        return s;
    }

    protected Sample randomSample() {
        return fresh(() -> context().space().sample(context().rng()));
    }

    @Override
    public String toString() {
        return describe();
    }
}
