package org.jnas.strategy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jnas.space.Sample;

/**
 * One finished evaluation of a search: what was asked ({@code sample} at {@code fidelity}), what it measured, what
 * it cost, and whether it worked. Strategies are told trials; journals store them; results list them.
 *
 * @param id          0, 1, 2 ... in the order the strategy asked for them
 * @param sample      the evaluated sample
 * @param fidelity    fraction in (0, 1] of the evaluator's full budget
 * @param metrics     what the evaluator measured; empty when failed
 * @param costSeconds the evaluation's cost as the evaluator reports it (0 when failed before measuring)
 * @param status      {@link Status#OK} or {@link Status#FAILED}
 * @param error       why it failed, else null
 * @param seed        the seed the evaluator trained (or looked up) this trial with; an evaluator that repeats over
 *                    k seeds ({@code Evaluators.repeats}) derives them from this one and says how in its description
 */
public record Trial(@JsonProperty("id") int id, @JsonProperty("sample") Sample sample,
                    @JsonProperty("fidelity") double fidelity, @JsonProperty("metrics") Map<String, Double> metrics,
                    @JsonProperty("costSeconds") double costSeconds, @JsonProperty("status") Status status,
                    @JsonProperty("error") String error,
                    @JsonProperty("seed") long seed) {

    /** Whether the evaluation gave metrics. */
    public enum Status { OK, FAILED }

    @JsonCreator
    public Trial {
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
    }

    public static Trial ok(int id, Candidate c, long seed, Map<String, Double> metrics, double costSeconds) {
        return new Trial(id, c.sample(), c.fidelity(), metrics, costSeconds, Status.OK, null, seed);
    }

    public static Trial failed(int id, Candidate c, long seed, String error, double costSeconds) {
        return new Trial(id, c.sample(), c.fidelity(), Map.of(), costSeconds, Status.FAILED, error, seed);
    }

    @JsonIgnore
    public boolean ok() {
        return status == Status.OK;
    }

    /** A metric, or an error naming those this trial has. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("trial " + id + " has no metric '" + name + "'"
                    + (ok() ? "; it has " + metrics.keySet() : ": it failed (" + error + ")"));
        }
        return v;
    }

    @Override
    public String toString() {
        return describe(metrics.keySet());
    }

    /** Like {@link #toString()}, showing only the named metrics (for example the objectives). */
    public String describe(java.util.Collection<String> shown) {
        String m = metrics.entrySet().stream().filter(e -> shown.contains(e.getKey()))
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.4g", e.getValue()))
                .collect(Collectors.joining(", "));
        return "#" + id + " " + sample.key() + " @" + String.format(Locale.ROOT, "%.3g", fidelity) + " "
                + (ok() ? m : "FAILED: " + error) + String.format(Locale.ROOT, " (%.1fs)", costSeconds);
    }
}
