package org.jnas.strategy;

/**
 * The ready-made strategies, with their default options or yours. A strategy object holds one search's state:
 * make a new one for each search.
 *
 * <pre>{@code
 * Strategies.regularizedEvolution(new RegularizedEvolution.Options(20, 5, 0.1, 1.0))
 * }</pre>
 */
public final class Strategies {
    private Strategies() {
    }

    public static RandomSearch random() {
        return new RandomSearch(RandomSearch.Options.defaults());
    }

    public static RandomSearch random(RandomSearch.Options options) {
        return new RandomSearch(options);
    }

    public static RegularizedEvolution regularizedEvolution() {
        return new RegularizedEvolution(RegularizedEvolution.Options.defaults());
    }

    public static RegularizedEvolution regularizedEvolution(RegularizedEvolution.Options options) {
        return new RegularizedEvolution(options);
    }

    public static Nsga2 nsga2() {
        return new Nsga2(Nsga2.Options.defaults());
    }

    public static Nsga2 nsga2(Nsga2.Options options) {
        return new Nsga2(options);
    }

    public static SuccessiveHalving successiveHalving() {
        return new SuccessiveHalving(SuccessiveHalving.Options.defaults());
    }

    public static SuccessiveHalving successiveHalving(SuccessiveHalving.Options options) {
        return new SuccessiveHalving(options);
    }

    public static Hyperband hyperband() {
        return new Hyperband(Hyperband.Options.defaults());
    }

    public static Hyperband hyperband(Hyperband.Options options) {
        return new Hyperband(options);
    }
}
