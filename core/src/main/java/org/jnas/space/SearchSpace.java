package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;

/**
 * A search space: a fixed list of labelled {@link Choice}s, and how a full assignment of them (a {@link Sample})
 * freezes into a concrete {@link Architecture}.
 *
 * <h2>Life cycle</h2>
 * <ol>
 *   <li>Define: a ready-made space from {@link Spaces}, or your own {@link CellSpace}, {@link ChainSpace},
 *       {@link TransformerSpace} or {@link ChoiceSpace}; add training choices to any of them with
 *       {@link #withHyperparameters}. Definitions are checked when built: duplicate labels, empty choices, unknown
 *       operations fail at once with a message naming the problem.</li>
 *   <li>Sample: strategies only ever see {@link #choices()} and produce {@link Sample}s via {@link #sample},
 *       {@link #mutate} or {@link #sampleOf}; this is why every strategy works on every space.</li>
 *   <li>Freeze: {@link #freeze(Sample)} validates the sample and returns the architecture that evaluators build,
 *       draw, count and train.</li>
 * </ol>
 *
 * <h2>Writing your own</h2>
 * Implement {@link #name()}, {@link #choices()} and {@link #freeze(Sample)}; everything else has a default. Every
 * combination of options must be a valid architecture (encode constraints into the choices, as {@link DartsSpace}
 * does with its input pairs), so that random sampling and mutation never produce an invalid sample. To give your
 * space a JSON form, make it a record and register it in {@link JsonTypeInfo @JsonSubTypes} below.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CellSpace.class, name = "cell"),
        @JsonSubTypes.Type(value = DartsSpace.class, name = "darts"),
        @JsonSubTypes.Type(value = ChainSpace.class, name = "chain"),
        @JsonSubTypes.Type(value = ChoiceSpace.class, name = "choices"),
        @JsonSubTypes.Type(value = TransformerSpace.class, name = "transformer"),
        @JsonSubTypes.Type(value = TunedSpace.class, name = "tuned")
})
public interface SearchSpace {

    /** A short name, used in reports, journals and file names. */
    String name();

    /** The decisions of this space, in a fixed order. Labels are unique. */
    List<Choice> choices();

    /** The concrete architecture of a sample of this space; throws {@link SpaceDefinitionException} if invalid. */
    Architecture freeze(Sample sample);

    /**
     * This space plus training choices searched jointly with the architecture, in one line:
     * {@code space.withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 3e-3).augment(false, true).build())}.
     */
    default TunedSpace withHyperparameters(Hyperparameters hyperparameters) {
        return new TunedSpace(this, hyperparameters);
    }

    /** The choice with this label, or a clear error naming the labels that exist. */
    default Choice choice(String label) {
        for (Choice c : choices()) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new SpaceDefinitionException("space '" + name() + "' has no choice '" + label + "'; its choices are "
                + choices().stream().map(Choice::label).toList());
    }

    /** Number of distinct samples (the product of the choice sizes). */
    default BigInteger size() {
        BigInteger n = BigInteger.ONE;
        for (Choice c : choices()) {
            n = n.multiply(BigInteger.valueOf(c.size()));
        }
        return n;
    }

    /** A uniformly random sample: each choice drawn independently, in order, from {@code rng}. */
    default Sample sample(Random rng) {
        var values = new LinkedHashMap<String, Object>();
        for (Choice c : choices()) {
            values.put(c.label(), c.option(rng.nextInt(c.size())));
        }
        return Sample.of(values);
    }

    /**
     * Uniform crossover: each choice's value taken from {@code a} or {@code b} with equal probability (one
     * {@code rng.nextBoolean()} per choice, in choice order, so a seeded search stays reproducible).
     */
    default Sample crossover(Sample a, Sample b, Random rng) {
        var values = new LinkedHashMap<String, Object>();
        for (Choice c : choices()) {
            values.put(c.label(), rng.nextBoolean() ? a.get(c.label()) : b.get(c.label()));
        }
        return Sample.of(values);
    }

    /** A copy of {@code parent} with one choice (that has an alternative) changed to a different option. */
    default Sample mutate(Sample parent, Random rng) {
        List<Choice> mutable = choices().stream().filter(c -> c.size() > 1).toList();
        if (mutable.isEmpty()) {
            return parent;
        }
        Choice c = mutable.get(rng.nextInt(mutable.size()));
        int current = c.indexOf(parent.get(c.label()));
        int next = rng.nextInt(c.size() - 1);
        if (next >= current) {
            next++;
        }
        return parent.with(c.label(), c.option(next));
    }

    /** A sample from values given in the order of {@link #choices()}; checked. */
    default Sample sampleOf(Object... values) {
        List<Choice> cs = choices();
        if (values.length != cs.size()) {
            throw new SpaceDefinitionException("space '" + name() + "' has " + cs.size() + " choices "
                    + cs.stream().map(Choice::label).toList() + " but " + values.length + " values were given");
        }
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < values.length; i++) {
            map.put(cs.get(i).label(), values[i]);
        }
        Sample s = Sample.of(map);
        validate(s);
        return s;
    }

    /** Checks that {@code sample} assigns an allowed option to every choice of this space and nothing else. */
    default void validate(Sample sample) {
        var labels = new HashSet<String>();
        for (Choice c : choices()) {
            labels.add(c.label());
            if (!sample.values().containsKey(c.label())) {
                throw new SpaceDefinitionException("sample " + sample + " misses choice '" + c.label()
                        + "' of space '" + name() + "'");
            }
            Object v = sample.get(c.label());
            if (!c.allows(v)) {
                throw new SpaceDefinitionException("sample value " + v + " for '" + c.label()
                        + "' is not an option of space '" + name() + "'; options are " + c.options());
            }
        }
        for (String k : sample.values().keySet()) {
            if (!labels.contains(k)) {
                throw new SpaceDefinitionException("sample has choice '" + k + "' that space '" + name()
                        + "' does not define");
            }
        }
    }

    /** Fails when two choices share a label; call from constructors of spaces. */
    static void checkUniqueLabels(String space, List<Choice> choices) {
        var seen = new HashSet<String>();
        for (Choice c : choices) {
            if (!seen.add(c.label())) {
                throw new SpaceDefinitionException("space '" + space + "' defines choice label '" + c.label()
                        + "' twice: labels must be unique");
            }
        }
    }
}
