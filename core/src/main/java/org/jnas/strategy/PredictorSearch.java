package org.jnas.strategy;

import org.jnas.stats.RankCorrelation;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Predictor-based search in the manner of BANANAS (White et al. 2021): after some random trials, a
 * {@link Surrogate} (bootstrap ensemble on one-hot and, for cell spaces, path encodings) is fitted to the scores
 * seen so far; each next candidate is the unseen mutation of one of the best trials with the highest upper
 * confidence bound {@code mean + kappa * std}.
 *
 * <p>The predictor is the bottleneck of such methods, so its quality is measured as the search goes: each
 * candidate's predicted score is recorded before it is evaluated, and {@link #diagnostics()} reports the Kendall
 * tau between predictions and true scores over the last {@link Options#tauWindow} held-out trials.
 */
public final class PredictorSearch extends BaseStrategy {

    /**
     * @param initialRandom random trials before the surrogate is used
     * @param ensemble      ensemble members
     * @param ridge         ridge penalty of each member
     * @param kappa         exploration weight of the upper confidence bound, at least 0
     * @param parents       best trials whose mutations are candidates
     * @param mutations     mutations per parent and ask (half of them two-step)
     * @param refitEvery    refit after this many new results
     * @param paths         add the path encoding for cell spaces
     * @param tauWindow     held-out predictions over which Kendall tau is reported
     * @param fidelity      fidelity of every evaluation
     */
    public record Options(int initialRandom, int ensemble, double ridge, double kappa, int parents, int mutations,
                          int refitEvery, boolean paths, int tauWindow, double fidelity) {
        public Options {
            check(initialRandom >= 2, "initialRandom must be at least 2, got " + initialRandom);
            check(ensemble >= 1, "ensemble must be at least 1, got " + ensemble);
            check(ridge > 0, "ridge must be positive, got " + ridge);
            check(kappa >= 0, "kappa must be >= 0, got " + kappa);
            check(parents >= 1, "parents must be at least 1, got " + parents);
            check(mutations >= 1, "mutations must be at least 1, got " + mutations);
            check(refitEvery >= 1, "refitEvery must be at least 1, got " + refitEvery);
            check(tauWindow >= 3, "tauWindow must be at least 3, got " + tauWindow);
            check(fidelity > 0 && fidelity <= 1, "fidelity must be in (0, 1], got " + fidelity);
        }

        private static void check(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException("predictor search " + message);
            }
        }

        /** 20 random, 5 members, ridge 10, kappa 0.5, 10 parents x 10 mutations, refit every 5, paths, window 30. */
        public static Options defaults() {
            return new Options(20, 5, 10.0, 0.5, 10, 10, 5, true, 30, 1.0);
        }
    }

    record State(List<Trial> told, Map<String, Double> predictions, List<double[]> heldOut) {
    }

    private final Options options;
    private Surrogate surrogate;
    private final List<Trial> told = new ArrayList<>();
    private final Map<String, Double> predictions = new LinkedHashMap<>();
    private final List<double[]> heldOut = new ArrayList<>();
    private int sinceFit;

    private final List<Encoding.Feature> features;

    public PredictorSearch(Options options) {
        this(options, List.of());
    }

    /**
     * With extra features appended to the surrogate's encoding, for example zero-cost proxy scores
     * ({@code ProxyFeature.percentile(...)}): every candidate the surrogate ranks is scored by them, so they must
     * be cheap or cached.
     */
    public PredictorSearch(Options options, List<? extends Encoding.Feature> features) {
        this.options = options;
        this.features = List.copyOf(features);
    }

    @Override
    public void start(SearchContext context) {
        super.start(context);
        Encoding encoding = (options.paths() ? Encoding.oneHotAndPaths(context.space())
                : Encoding.oneHot(context.space())).withFeatures(features);
        surrogate = new Surrogate(encoding, options.ensemble(), options.ridge());
    }

    private List<Trial> usable() {
        return told.stream().filter(t -> Double.isFinite(context().score(t))).toList();
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        for (int k = 0; k < n; k++) {
            List<Trial> data = usable();
            Sample s;
            if (data.size() < options.initialRandom()) {
                s = randomSample();
            } else {
                if (!surrogate.fitted() || sinceFit >= options.refitEvery()) {
                    surrogate.fit(data.stream().map(Trial::sample).toList(),
                            data.stream().mapToDouble(context()::score).toArray(), context().rng());
                    sinceFit = 0;
                }
                s = acquire(data);
            }
            out.add(new Candidate(s, options.fidelity()));
        }
        return out;
    }

    private Sample acquire(List<Trial> data) {
        List<Trial> best = data.stream().sorted(Comparator.comparingDouble(context()::score).reversed()
                .thenComparingInt(Trial::id)).limit(options.parents()).toList();
        Sample chosen = null;
        double chosenUcb = Double.NEGATIVE_INFINITY;
        Surrogate.Prediction chosenPrediction = null;
        for (Trial parent : best) {
            for (int m = 0; m < options.mutations(); m++) {
                Sample c = context().space().mutate(parent.sample(), context().rng());
                if (m % 2 == 1) {
                    c = context().space().mutate(c, context().rng());
                }
                if (proposed.contains(c)) {
                    continue;
                }
                Surrogate.Prediction p = surrogate.predict(c);
                double ucb = p.mean() + options.kappa() * p.std();
                if (ucb > chosenUcb) {
                    chosen = c;
                    chosenUcb = ucb;
                    chosenPrediction = p;
                }
            }
        }
        if (chosen == null) {
            chosen = randomSample();
            chosenPrediction = surrogate.predict(chosen);
        }
        proposed.add(chosen);
        predictions.put(chosen.key(), chosenPrediction.mean());
        return chosen;
    }

    @Override
    public void tell(Trial trial) {
        proposed.add(trial.sample());
        told.add(trial);
        sinceFit++;
        Double predicted = predictions.remove(trial.sample().key());
        double score = context().score(trial);
        if (predicted != null && Double.isFinite(score)) {
            heldOut.add(new double[] {predicted, score});
        }
    }

    /** Kendall tau between predicted and true scores of the last held-out trials; NaN before there are 3. */
    public double heldOutKendallTau() {
        List<double[]> window = heldOut.subList(Math.max(0, heldOut.size() - options.tauWindow()), heldOut.size());
        if (window.size() < 3) {
            return Double.NaN;
        }
        return RankCorrelation.kendallTau(window.stream().mapToDouble(p -> p[0]).toArray(),
                window.stream().mapToDouble(p -> p[1]).toArray());
    }

    public Surrogate surrogate() {
        return surrogate;
    }

    @Override
    public Map<String, Double> diagnostics() {
        return Map.of("predictor_tau", heldOutKendallTau(), "predictor_held_out", (double) heldOut.size());
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(told, predictions, heldOut));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        told.clear();
        told.addAll(s.told());
        predictions.clear();
        predictions.putAll(s.predictions());
        heldOut.clear();
        heldOut.addAll(s.heldOut());
        proposed.clear();
        told.forEach(t -> proposed.add(t.sample()));
        sinceFit = options.refitEvery();
    }

    @Override
    public String describe() {
        return "predictor(" + options.toString().replaceFirst("^Options\\[", "").replaceFirst("]$", "")
                + (features.isEmpty() ? "" : ", features " + features.stream().map(Encoding.Feature::name).toList())
                + ")";
    }
}
