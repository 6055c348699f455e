package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jnas.util.Json;
import org.jnas.util.Registry;

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

    public static Reinforce reinforce() {
        return new Reinforce(Reinforce.Options.defaults());
    }

    public static Reinforce reinforce(Reinforce.Options options) {
        return new Reinforce(options);
    }

    public static PredictorSearch predictor() {
        return new PredictorSearch(PredictorSearch.Options.defaults());
    }

    public static PredictorSearch predictor(PredictorSearch.Options options) {
        return new PredictorSearch(options);
    }

    /** A strategy kind known by name: its option record type, defaults, and constructor. */
    private record Kind<O extends Record>(Class<O> options, O defaults, Function<O, Strategy> make) {
        Strategy create(String name, JsonNode given) {
            ObjectNode merged = Json.MAPPER.valueToTree(defaults);
            if (given != null && !given.isNull()) {
                if (!given.isObject()) {
                    throw new IllegalArgumentException("options of strategy '" + name + "' must be a JSON object"
                            + " with fields " + fieldNames(merged));
                }
                Iterator<Map.Entry<String, JsonNode>> it = given.fields();
                while (it.hasNext()) {
                    var e = it.next();
                    if (!merged.has(e.getKey())) {
                        throw new IllegalArgumentException("strategy '" + name + "' has no option '" + e.getKey()
                                + "'; its options are " + fieldNames(merged) + " (defaults " + merged + ")");
                    }
                    merged.set(e.getKey(), e.getValue());
                }
            }
            O o;
            try {
                o = Json.MAPPER.treeToValue(merged, options);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IllegalArgumentException iae) {
                    throw iae;
                }
                throw new IllegalArgumentException("options of strategy '" + name + "': " + e.getOriginalMessage());
            }
            return make.apply(o);
        }

        private static List<String> fieldNames(ObjectNode node) {
            var names = new java.util.ArrayList<String>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }
    }

    private static final Registry<Kind<?>> KINDS = new Registry<>("strategy",
            "Strategies.register(name, OptionsRecord.class, defaults, options -> new YourStrategy(options))");

    static {
        register("random", RandomSearch.Options.class, RandomSearch.Options.defaults(), RandomSearch::new);
        register("evolution", RegularizedEvolution.Options.class, RegularizedEvolution.Options.defaults(),
                RegularizedEvolution::new);
        register("nsga2", Nsga2.Options.class, Nsga2.Options.defaults(), Nsga2::new);
        register("successive-halving", SuccessiveHalving.Options.class, SuccessiveHalving.Options.defaults(),
                SuccessiveHalving::new);
        register("reinforce", Reinforce.Options.class, Reinforce.Options.defaults(), Reinforce::new);
        register("predictor", PredictorSearch.Options.class, PredictorSearch.Options.defaults(),
                PredictorSearch::new);
        register("hyperband", Hyperband.Options.class, Hyperband.Options.defaults(), Hyperband::new);
    }

    /**
     * Makes a strategy known by name to {@link #named} (search specs, {@code ./jnas search}): its options record
     * (a JSON object in a spec; missing fields take {@code defaults}) and how to build it. The checklist for a new
     * strategy is on {@link Strategy}.
     */
    public static <O extends Record> void register(String name, Class<O> options, O defaults,
                                                   Function<O, Strategy> make) {
        KINDS.register(name, new Kind<>(options, defaults, make));
    }

    /** The names {@link #named} knows. */
    public static List<String> names() {
        return KINDS.names();
    }

    /**
     * A strategy by name ({@link #names()}) with options given as JSON (fields of its {@code Options} record,
     * missing ones take the defaults); unknown names and options fail naming what exists.
     */
    public static Strategy named(String name, JsonNode options) {
        String key = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        return KINDS.get(key).create(key, options);
    }
}
