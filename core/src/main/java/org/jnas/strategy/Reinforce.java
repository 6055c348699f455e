package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * REINFORCE (Williams 1992) as NAS-Bench-201's and NATS-Bench's REINFORCE baseline ({@code exps/NATS-algos/
 * reinforce.py} of D-X-Y/AutoDL-Projects): an independent categorical policy (softmax over a row of logits) per
 * choice; after each result the loss {@code -log pi(sample) * (reward - baseline)} is minimized by one Adam step on
 * the logits, the reward being the validation accuracy (the primary objective, oriented so larger is better) and
 * the baseline an exponential moving average of rewards with momentum 0.9, bias-corrected and updated with the
 * reward before the advantage is taken, as the reference code does. The search's answer is the best trial seen
 * (as there), not the policy's mode.
 *
 * <p>Defaults follow the reference: Adam with PyTorch's betas (0.9, 0.999) and eps 1e-8, learning rate 0.01
 * (NATS-Bench's runs on this space; NAS-Bench-201's script searched 0.01 to 0.5), EMA momentum 0.9, no entropy
 * term. Where jnas differs: the logits start at 0 instead of {@code 1e-3 * randn} (a strategy draws randomness only in
 * ask and tell, and the noise is negligible); rewards are accuracies in [0, 1] rather than percent (Adam's step
 * does not depend on the gradient's scale, so the trajectory is the same up to eps); failed or infeasible trials
 * do not update the policy. Two options make a <b>variant</b>, named so in {@link #describe()}: an entropy bonus
 * ({@code entropyWeight > 0}) and {@code autoregressive}, where each choice's logits are conditioned on the option
 * taken at the previous choice (one logit row per previous option): a first-order autoregressive policy, still not
 * the recurrent (LSTM) controller of Zoph and Le.
 *
 * <p>Every choice of a jnas space is a finite list of options, which this policy treats as unordered categories;
 * a choice with more than {@link #MAX_OPTIONS} options (a discretized continuous range) is refused with a clear
 * error, because a categorical policy learns nothing transferable between neighbouring values of such a range.
 */
public final class Reinforce extends BaseStrategy {
    /** The most options a choice may have for an independent categorical policy. */
    public static final int MAX_OPTIONS = 256;

    /** Adam's constants, PyTorch's defaults (what the reference code runs with). */
    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    /**
     * @param learningRate   Adam's learning rate on the logits
     * @param emaMomentum    momentum of the reward baseline (an exponential moving average), in [0, 1)
     * @param entropyWeight  weight of an entropy bonus, at least 0; 0 in the reference, above 0 is a variant
     * @param fidelity       fidelity of every evaluation
     * @param autoregressive condition each choice on the option taken at the previous one (a variant)
     */
    public record Options(double learningRate, double emaMomentum, double entropyWeight, double fidelity,
                          boolean autoregressive) {
        public Options {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("REINFORCE learningRate must be positive, got " + learningRate);
            }
            if (!(emaMomentum >= 0 && emaMomentum < 1)) {
                throw new IllegalArgumentException("REINFORCE emaMomentum must be in [0, 1), got " + emaMomentum);
            }
            if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
                throw new IllegalArgumentException("REINFORCE entropyWeight must be >= 0, got " + entropyWeight);
            }
            if (!(fidelity > 0 && fidelity <= 1)) {
                throw new IllegalArgumentException("REINFORCE fidelity must be in (0, 1], got " + fidelity);
            }
        }

        /** The reference settings: Adam learning rate 0.01, EMA momentum 0.9, no entropy term, independent choices. */
        public static Options defaults() {
            return new Options(0.01, 0.9, 0.0, 1.0, false);
        }

        /** The same with another learning rate (NAS-Bench-201's grid: 0.01, 0.02, 0.1, 0.2, 0.5). */
        public Options withLearningRate(double lr) {
            return new Options(lr, emaMomentum, entropyWeight, fidelity, autoregressive);
        }

        /** Whether these options make a variant of the reference algorithm. */
        public boolean variant() {
            return entropyWeight > 0 || autoregressive;
        }
    }

    /** Adam's moments of one logit row. */
    record Moments(double[] m, double[] v) {
    }

    record State(Map<String, double[]> logits, Map<String, Moments> moments, Map<String, Integer> steps,
                 double emaNumerator,
                 double emaDenominator, int updates) {
    }

    private final Options options;
    private final Map<String, double[]> logits = new LinkedHashMap<>();
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    /** Adam's step count per row (rows of an autoregressive policy are updated only when their context occurs). */
    private final Map<String, Integer> steps = new LinkedHashMap<>();
    private double emaNumerator;
    private double emaDenominator;
    private int updates;

    public Reinforce(Options options) {
        this.options = options;
    }

    @Override
    public void start(SearchContext context) {
        super.start(context);
        logits.clear();
        for (Choice c : context.space().choices()) {
            if (c.size() > MAX_OPTIONS) {
                throw new IllegalArgumentException("REINFORCE's policy is an independent categorical per choice;"
                        + " choice '" + c.label() + "' has " + c.size() + " options (more than " + MAX_OPTIONS
                        + "), which looks like a discretized continuous range. Coarsen it or use evolution.");
            }
            logits.put(c.label(), new double[c.size()]);
        }
        moments.clear();
        steps.clear();
        emaNumerator = 0;
        emaDenominator = 0;
        updates = 0;
    }

    /** The key of a choice's logit row given the previous choice's option index (ignored unless autoregressive). */
    private String tableKey(String label, int previous) {
        return !options.autoregressive() || previous < 0 ? label : label + "|" + previous;
    }

    /** The logit row of a choice given the previous choice's option index (ignored unless autoregressive). */
    private double[] table(String label, int previous) {
        return logits.computeIfAbsent(tableKey(label, previous), k -> new double[logits.get(label).length]);
    }

    /** The policy's probabilities for a choice given the option index taken at the previous choice. */
    public double[] probabilities(String label, int previousOption) {
        if (!logits.containsKey(label)) {
            throw new IllegalArgumentException("no choice '" + label + "'; choices are " + context().space()
                    .choices().stream().map(Choice::label).toList());
        }
        return softmax(table(label, previousOption));
    }

    /** The policy's probabilities for one choice, in option order (for the first choice, or independent ones). */
    public double[] probabilities(String label) {
        return probabilities(label, -1);
    }

    /** The sample that takes the most likely option at each choice in turn (greedy decoding). */
    public Sample mode() {
        var values = new LinkedHashMap<String, Object>();
        int previous = -1;
        for (Choice c : context().space().choices()) {
            double[] p = probabilities(c.label(), previous);
            int best = 0;
            for (int i = 1; i < p.length; i++) {
                best = p[i] > p[best] ? i : best;
            }
            values.put(c.label(), c.option(best));
            previous = best;
        }
        return Sample.of(values);
    }

    private static double[] softmax(double[] l) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : l) {
            max = Math.max(max, v);
        }
        double[] p = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        for (int k = 0; k < n; k++) {
            var values = new LinkedHashMap<String, Object>();
            int previous = -1;
            for (Choice c : context().space().choices()) {
                double[] p = probabilities(c.label(), previous);
                double u = context().rng().nextDouble();
                int i = 0;
                for (double acc = p[0]; acc < u && i < p.length - 1; acc += p[++i]) {
                    // walk the cumulative distribution
                }
                values.put(c.label(), c.option(i));
                previous = i;
            }
            Sample s = Sample.of(values);
            proposed.add(s);
            out.add(new Candidate(s, options.fidelity()));
        }
        return out;
    }

    @Override
    public void tell(Trial trial) {
        double reward = context().score(trial);
        if (Double.isInfinite(reward)) {
            return;
        }
        // the reference updates the baseline first, then takes the advantage against it
        emaNumerator = options.emaMomentum() * emaNumerator + (1 - options.emaMomentum()) * reward;
        emaDenominator = options.emaMomentum() * emaDenominator + (1 - options.emaMomentum());
        double advantage = reward - baseline();
        updates++;
        int previous = -1;
        for (Choice c : context().space().choices()) {
            String key = tableKey(c.label(), previous);
            double[] l = table(c.label(), previous);
            double[] p = softmax(l);
            int a = c.indexOf(trial.sample().get(c.label()));
            previous = a;
            double entropy = 0;
            for (double pi : p) {
                entropy -= pi > 0 ? pi * Math.log(pi) : 0;
            }
            double[] grad = new double[l.length]; // of the loss -log pi(a) * advantage - entropyWeight * H
            for (int i = 0; i < l.length; i++) {
                double gradLogPi = (i == a ? 1 : 0) - p[i];
                double gradEntropy = p[i] > 0 ? -p[i] * (Math.log(p[i]) + entropy) : 0;
                grad[i] = -advantage * gradLogPi - options.entropyWeight() * gradEntropy;
            }
            adam(key, l, grad);
        }
    }

    /** One Adam step (bias-corrected, PyTorch's update) on a logit row, its moments kept per row. */
    private void adam(String key, double[] l, double[] grad) {
        Moments mo = moments.computeIfAbsent(key, k -> new Moments(new double[l.length], new double[l.length]));
        int t = steps.merge(key, 1, Integer::sum);
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int i = 0; i < l.length; i++) {
            mo.m()[i] = BETA1 * mo.m()[i] + (1 - BETA1) * grad[i];
            mo.v()[i] = BETA2 * mo.v()[i] + (1 - BETA2) * grad[i] * grad[i];
            l[i] -= options.learningRate() * (mo.m()[i] / c1) / (Math.sqrt(mo.v()[i] / c2) + EPS);
        }
    }

    /** The reward baseline: the bias-corrected moving average of the rewards so far (NaN before the first). */
    public double baseline() {
        return emaDenominator == 0 ? Double.NaN : emaNumerator / emaDenominator;
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(logits, moments, steps, emaNumerator, emaDenominator, updates));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        logits.clear();
        s.logits().forEach((k, v) -> logits.put(k, v.clone()));
        moments.clear();
        steps.clear();
        steps.putAll(s.steps());
        s.moments().forEach((k, v) -> moments.put(k, new Moments(v.m().clone(), v.v().clone())));
        emaNumerator = s.emaNumerator();
        emaDenominator = s.emaDenominator();
        updates = s.updates();
    }

    @Override
    public String describe() {
        return (options.variant() ? "reinforce-variant(" : "reinforce(") + "adam learningRate="
                + options.learningRate() + ", emaMomentum=" + options.emaMomentum()
                + (options.entropyWeight() > 0 ? ", entropyWeight=" + options.entropyWeight() : "")
                + ", fidelity=" + options.fidelity() + (options.autoregressive() ? ", autoregressive" : "") + ")";
    }
}
