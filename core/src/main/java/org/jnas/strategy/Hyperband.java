package org.jnas.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jnas.space.Sample;
import org.jnas.util.Json;

/**
 * Hyperband (Li et al. 2018): successive-halving brackets that trade the number of candidates against their
 * starting fidelity, from many cheap ones (fidelity {@code eta^-smax}) down to a few at full fidelity, cycling so
 * that neither aggressive nor cautious screening has to be guessed right.
 */
public final class Hyperband extends BaseStrategy {

    /**
     * @param minFidelity the lowest fidelity used, in (0, 1]
     * @param eta         reduction factor, at least 2
     */
    public record Options(double minFidelity, double eta) {
        public Options {
            if (!(minFidelity > 0 && minFidelity <= 1)) {
                throw new IllegalArgumentException("hyperband minFidelity must be in (0, 1], got " + minFidelity);
            }
            if (!(eta >= 2)) {
                throw new IllegalArgumentException("hyperband eta must be at least 2, got " + eta);
            }
        }

        /** Fidelities 1/27 .. 1, eta 3. */
        public static Options defaults() {
            return new Options(1.0 / 27, 3);
        }
    }

    record State(int s, Bracket.State bracket, List<Sample> proposed) {
    }

    private final Options options;
    private int sMax;
    private int s;
    private Bracket bracket;

    public Hyperband(Options options) {
        this.options = options;
    }

    @Override
    public void start(SearchContext context) {
        super.start(context);
        sMax = SuccessiveHalving.levels(options.minFidelity(), options.eta());
        s = sMax;
        bracket = newBracket(s);
    }

    private Bracket newBracket(int s) {
        int n = (int) Math.ceil((sMax + 1.0) / (s + 1.0) * Math.pow(options.eta(), s));
        return new Bracket(n, s, options.eta());
    }

    @Override
    public List<Candidate> ask(int n) {
        var out = new ArrayList<Candidate>();
        while (out.size() < n) {
            if (bracket.done()) {
                s = s == 0 ? sMax : s - 1;
                bracket = newBracket(s);
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
        return Json.MAPPER.valueToTree(new State(s, bracket.state(), new ArrayList<>(proposed)));
    }

    @Override
    public void restore(JsonNode state) {
        State st = Json.MAPPER.convertValue(state, State.class);
        s = st.s();
        bracket = Bracket.of(st.bracket());
        proposed.clear();
        proposed.addAll(st.proposed());
    }

    @Override
    public String describe() {
        return "hyperband(minFidelity=" + options.minFidelity() + ", eta=" + options.eta() + ")";
    }
}
