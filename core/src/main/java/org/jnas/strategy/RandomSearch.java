package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Random search, the baseline every other strategy must beat: uniform samples of the space, without repeating
 * one already proposed while unseen ones are easy to find.
 */
public final class RandomSearch extends BaseStrategy {

    /** @param fidelity the fidelity every candidate is evaluated at, in (0, 1] */
    public record Options(double fidelity) {
        public Options {
            if (!(fidelity > 0 && fidelity <= 1)) {
                throw new IllegalArgumentException("random search fidelity must be in (0, 1], got " + fidelity);
            }
        }

        public static Options defaults() {
            return new Options(1.0);
        }
    }

    record State(List<Sample> proposed) {
    }

    private final Options options;

    public RandomSearch(Options options) {
        this.options = options;
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        for (int i = 0; i < n; i++) {
            out.add(new Candidate(randomSample(), options.fidelity()));
        }
        return out;
    }

    @Override
    public void tell(Trial trial) {
        proposed.add(trial.sample());
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(new ArrayList<>(proposed)));
    }

    @Override
    public void restore(JsonNode state) {
        proposed.clear();
        proposed.addAll(Json.MAPPER.convertValue(state, State.class).proposed());
    }

    @Override
    public String describe() {
        return "random(fidelity=" + options.fidelity() + ")";
    }
}
