package org.jnas.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.space.Sample;

/**
 * One successive-halving bracket: {@code n} random candidates at fidelity {@code eta^-s}, the best {@code 1/eta}
 * of each rung promoted to {@code eta} times the fidelity, up to fidelity 1. Shared by {@link SuccessiveHalving}
 * and {@link Hyperband}.
 */
final class Bracket {
    record State(int n, int s, double eta, int rung, List<Sample> members, int nextToAsk, Map<String, Trial> told) {
    }

    private final int n;
    private final int s;
    private final double eta;
    private int rung;
    private List<Sample> members = new ArrayList<>();
    private int nextToAsk;
    private final Map<String, Trial> told = new HashMap<>();

    Bracket(int n, int s, double eta) {
        this.n = n;
        this.s = s;
        this.eta = eta;
    }

    static Bracket of(State st) {
        var b = new Bracket(st.n(), st.s(), st.eta());
        b.rung = st.rung();
        b.members = new ArrayList<>(st.members());
        b.nextToAsk = st.nextToAsk();
        b.told.putAll(st.told());
        return b;
    }

    State state() {
        return new State(n, s, eta, rung, members, nextToAsk, Map.copyOf(told));
    }

    int rungSize(int k) {
        return Math.max(1, (int) Math.floor(n / Math.pow(eta, k)));
    }

    double fidelity(int k) {
        return Math.min(1.0, Math.pow(eta, k - s));
    }

    boolean done() {
        return rung > s;
    }

    /** The next candidate of the current rung, or null when the rung waits for results (or the bracket is done). */
    Candidate next(BaseStrategy owner) {
        if (done()) {
            return null;
        }
        if (rung == 0 && members.size() < rungSize(0)) {
            members.add(owner.randomSample());
        }
        if (nextToAsk >= members.size()) {
            return null;
        }
        return new Candidate(members.get(nextToAsk++), fidelity(rung));
    }

    void tell(Trial trial, SearchContext context) {
        if (done()) {
            return;
        }
        told.put(trial.sample().key(), trial);
        int size = rung == 0 ? rungSize(0) : members.size();
        if (members.size() == size && told.size() == size
                && members.stream().allMatch(m -> told.containsKey(m.key()))) {
            List<Sample> ranked = new ArrayList<>(members);
            ranked.sort(Comparator.comparingDouble((Sample m) -> context.score(told.get(m.key()))).reversed());
            rung++;
            members = done() ? List.of() : new ArrayList<>(ranked.subList(0, Math.min(ranked.size(), rungSize(rung))));
            nextToAsk = 0;
            told.clear();
        }
    }
}
