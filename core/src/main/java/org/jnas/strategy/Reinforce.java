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
 * An RL controller trained with REINFORCE (Williams 1992), as the NAS-Bench-201 paper's REINFORCE baseline: an
 * independent categorical policy (softmax over logits) per choice, updated after each result by
 * {@code logits += lr * ((reward - baseline) * grad log pi(sample) + entropyWeight * grad H(pi))}, where the
 * baseline is an exponential moving average of rewards (variance reduction) and the entropy bonus keeps the policy
 * from collapsing too early. The reward is the primary objective, oriented so larger is better; failed or
 * infeasible trials do not update the policy.
 *
 * <p>With {@code autoregressive} on, each choice's logits are conditioned on the option taken at the previous
 * choice (one logit table per previous option), so the controller can learn pairings such as "a 3x3 conv after a
 * skip"; this is a first-order autoregressive policy, not the recurrent (LSTM) controller of Zoph and Le.
 *
 * <p>Every choice of a jnas space is a finite list of options, which this policy treats as unordered categories;
 * a choice with more than {@link #MAX_OPTIONS} options (a discretized continuous range) is refused with a clear
 * error, because a categorical policy learns nothing transferable between neighbouring values of such a range.
 */
public final class Reinforce extends BaseStrategy {
    /** The most options a choice may have for an independent categorical policy. */
    public static final int MAX_OPTIONS = 256;

    /**
     * @param learningRate  step size on the logits
     * @param baselineDecay EMA decay of the reward baseline, in [0, 1)
     * @param entropyWeight weight of the entropy bonus, at least 0
     * @param fidelity      fidelity of every evaluation
     * @param autoregressive condition each choice on the option taken at the previous one
     */
    public record Options(double learningRate, double baselineDecay, double entropyWeight, double fidelity,
                          boolean autoregressive) {
        public Options {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("REINFORCE learningRate must be positive, got " + learningRate);
            }
            if (!(baselineDecay >= 0 && baselineDecay < 1)) {
                throw new IllegalArgumentException("REINFORCE baselineDecay must be in [0, 1), got " + baselineDecay);
            }
            if (!(entropyWeight >= 0) || Double.isInfinite(entropyWeight)) {
                throw new IllegalArgumentException("REINFORCE entropyWeight must be >= 0, got " + entropyWeight);
            }
            if (!(fidelity > 0 && fidelity <= 1)) {
                throw new IllegalArgumentException("REINFORCE fidelity must be in (0, 1], got " + fidelity);
            }
        }

        /**
         * Learning rate 5 (rewards are accuracies in [0, 1], so advantages are small), decay 0.9, entropy 0.01,
         * independent choices.
         */
        public static Options defaults() {
            return new Options(5.0, 0.9, 0.01, 1.0, false);
        }
    }

    record State(Map<String, double[]> logits, double baseline, int updates) {
    }

    private final Options options;
    private final Map<String, double[]> logits = new LinkedHashMap<>();
    private double baseline = Double.NaN;
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
    }

    /** The logit table of a choice given the previous choice's option index (ignored unless autoregressive). */
    private double[] table(String label, int previous) {
        if (!options.autoregressive() || previous < 0) {
            return logits.get(label);
        }
        return logits.computeIfAbsent(label + "|" + previous, k -> new double[logits.get(label).length]);
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
        if (Double.isNaN(baseline)) {
            baseline = reward;
        }
        double advantage = reward - baseline;
        int previous = -1;
        for (Choice c : context().space().choices()) {
            double[] l = table(c.label(), previous);
            double[] p = softmax(l);
            int a = c.indexOf(trial.sample().get(c.label()));
            previous = a;
            double entropy = 0;
            for (double pi : p) {
                entropy -= pi > 0 ? pi * Math.log(pi) : 0;
            }
            for (int i = 0; i < l.length; i++) {
                double gradLogPi = (i == a ? 1 : 0) - p[i];
                double gradEntropy = p[i] > 0 ? -p[i] * (Math.log(p[i]) + entropy) : 0;
                l[i] += options.learningRate() * (advantage * gradLogPi + options.entropyWeight() * gradEntropy);
            }
        }
        baseline = options.baselineDecay() * baseline + (1 - options.baselineDecay()) * reward;
        updates++;
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(logits, baseline, updates));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        logits.clear();
        s.logits().forEach((k, v) -> logits.put(k, v.clone()));
        baseline = s.baseline();
        updates = s.updates();
    }

    @Override
    public String describe() {
        return "reinforce(learningRate=" + options.learningRate() + ", baselineDecay=" + options.baselineDecay()
                + ", entropyWeight=" + options.entropyWeight() + ", fidelity=" + options.fidelity()
                + (options.autoregressive() ? ", autoregressive" : "") + ")";
    }
}
