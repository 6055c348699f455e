package org.jnas.proxy;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.strategy.Encoding;

/**
 * A zero-cost proxy as a predictor feature ({@link Encoding#withFeatures}): the sample's score as its percentile
 * among reference scores (a seeded sample of the space, no accuracies needed), so the feature lies in [0, 1] like
 * the one-hot features whatever the proxy's range (synflow spans forty decades). Scores are computed once per
 * sample and kept. A failed score (see {@link ZeroCostProxy}) ranks below every computed one: 0, a decision
 * stated here rather than a silent stand-in, because the failures seen (no path carries a parameter) are networks
 * that cannot learn.
 *
 * <pre>{@code
 * var feature = ProxyFeature.percentile(scorer, new Synflow(), space, ProxyStudy.sample(space, 100, 1), 0);
 * var strategy = new PredictorSearch(PredictorSearch.Options.defaults(), List.of(feature));
 * }</pre>
 */
public final class ProxyFeature implements Encoding.Feature {
    private final String name;
    private final double[] reference; // sorted computed scores
    private final java.util.function.Function<Sample, ProxyScore> scoring;
    private final Map<Sample, Double> values = new ConcurrentHashMap<>();

    private ProxyFeature(String name, double[] reference, java.util.function.Function<Sample, ProxyScore> scoring) {
        this.name = name;
        this.reference = reference;
        this.scoring = scoring;
    }

    /** Scores {@code reference} now (seed {@code seed}) and any other sample when the surrogate asks for it. */
    public static ProxyFeature percentile(ProxyScorer scorer, ZeroCostProxy proxy, SearchSpace space,
                                          java.util.List<Sample> reference, long seed) {
        java.util.function.Function<Sample, ProxyScore> scoring = s -> scorer.score(proxy, space.freeze(s), seed);
        double[] ref = reference.stream().map(scoring).filter(ProxyScore::ok).mapToDouble(ProxyScore::value)
                .sorted().toArray();
        if (ref.length < 2) {
            throw new IllegalArgumentException(proxy.name() + " could be computed for " + ref.length + " of "
                    + reference.size() + " reference architectures; a percentile needs at least 2");
        }
        return new ProxyFeature(proxy.name(), ref, scoring);
    }

    /** From scores already computed (for example by {@link ProxyStudy}); {@code scores} holds every sample asked. */
    public static ProxyFeature percentile(String name, Map<Sample, ProxyScore> scores) {
        double[] ref = scores.values().stream().filter(ProxyScore::ok).mapToDouble(ProxyScore::value).sorted()
                .toArray();
        if (ref.length < 2) {
            throw new IllegalArgumentException(name + ": a percentile needs at least 2 computed scores, got "
                    + ref.length);
        }
        return new ProxyFeature(name, ref, s -> {
            ProxyScore p = scores.get(s);
            if (p == null) {
                throw new IllegalArgumentException("no " + name + " score for " + s + "; give scores of every sample"
                        + " the predictor will see, or use percentile(scorer, proxy, space, reference, seed)");
            }
            return p;
        });
    }

    @Override
    public String name() {
        return name + "_percentile";
    }

    @Override
    public double value(Sample sample) {
        return values.computeIfAbsent(sample, s -> {
            ProxyScore score = scoring.apply(s);
            if (!score.ok()) {
                return 0.0;
            }
            int below = Arrays.binarySearch(reference, score.value());
            int at = below >= 0 ? below : -below - 1;
            return at / (double) reference.length;
        });
    }

    @Override
    public String toString() {
        return name() + " (percentile among " + reference.length + " reference scores)";
    }
}
