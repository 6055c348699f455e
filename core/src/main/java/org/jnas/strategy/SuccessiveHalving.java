package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Successive halving (Jamieson and Talwalkar 2016): evaluate many random candidates cheaply (low fidelity: few
 * epochs or little data), keep the best {@code 1/eta}, give them {@code eta} times the fidelity, and so on until
 * fidelity 1. One bracket follows another until the budget ends. Within a rung it asks for nothing until every
 * member's result is in, so with several workers a rung's stragglers set the pace.
 */
public final class SuccessiveHalving extends BaseStrategy {

    /**
     * @param candidates  random candidates in the first rung of each bracket
     * @param minFidelity fidelity of the first rung, in (0, 1]; rungs are {@code eta^-k}, so the first rung's
     *                    fidelity is the largest such power not below this
     * @param eta         reduction factor, at least 2
     */
    public record Options(int candidates, double minFidelity, double eta) {
        public Options {
            if (candidates < 1) {
                throw new IllegalArgumentException("successive halving needs at least 1 candidate, got "
                        + candidates);
            }
            if (!(minFidelity > 0 && minFidelity <= 1)) {
                throw new IllegalArgumentException("successive halving minFidelity must be in (0, 1], got "
                        + minFidelity);
            }
            if (!(eta >= 2)) {
                throw new IllegalArgumentException("successive halving eta must be at least 2, got " + eta);
            }
        }

        /** 27 candidates from fidelity 1/9, eta 3: rungs of 27, 9, 3 at fidelities 1/9, 1/3, 1. */
        public static Options defaults() {
            return new Options(27, 1.0 / 9, 3);
        }
    }

    record State(Bracket.State bracket, List<Sample> proposed) {
    }

    private final Options options;
    private Bracket bracket;

    public SuccessiveHalving(Options options) {
        this.options = options;
    }

    static int levels(double minFidelity, double eta) {
        return (int) Math.floor(Math.log(1 / minFidelity) / Math.log(eta) + 1e-9);
    }

    @Override
    public void start(SearchContext context) {
        super.start(context);
        bracket = new Bracket(options.candidates(), levels(options.minFidelity(), options.eta()), options.eta());
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        while (out.size() < n) {
            if (bracket.done()) {
                bracket = new Bracket(options.candidates(), levels(options.minFidelity(), options.eta()),
                        options.eta());
            }
            Candidate c = bracket.next(this);
            if (c == null) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    @Override
    public void tell(Trial trial) {
        bracket.tell(trial, context());
    }

    @Override
    public JsonNode state() {
        return Json.MAPPER.valueToTree(new State(bracket.state(), new ArrayList<>(proposed)));
    }

    @Override
    public void restore(JsonNode state) {
        State s = Json.MAPPER.convertValue(state, State.class);
        bracket = Bracket.of(s.bracket());
        proposed.clear();
        proposed.addAll(s.proposed());
    }

    @Override
    public String describe() {
        return "successive-halving(candidates=" + options.candidates() + ", minFidelity=" + options.minFidelity()
                + ", eta=" + options.eta() + ")";
    }
}
