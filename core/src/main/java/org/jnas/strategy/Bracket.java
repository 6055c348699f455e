package org.jnas.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jnas.space.Sample;

/**
 * One successive-halving bracket: {@code n} random candidates at fidelity {@code eta^-s}, the best {@code 1/eta}
 * of each rung promoted to {@code eta} times the fidelity, up to fidelity 1. Shared by {@link SuccessiveHalving}
 * and {@link Hyperband}.
 */
final class Bracket {
    record State(int n, int s, double eta, int rung, List<Sample> members, int nextToAsk, List<Trial> told) {
    }

    private final int n;
    private final int s;
    private final double eta;
    private int rung;
    private List<Sample> members = new ArrayList<>();
    private int nextToAsk;
    /** Results of the current rung, parallel to {@code members} (null until told); members may repeat. */
    private List<Trial> told = new ArrayList<>();

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
        b.told = new ArrayList<>(st.told());
        return b;
    }

    State state() {
        return new State(n, s, eta, rung, List.copyOf(members), nextToAsk, new ArrayList<>(told));
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
            told.add(null);
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
        for (int i = 0; i < nextToAsk; i++) {
            if (told.get(i) == null && members.get(i).equals(trial.sample())) {
                told.set(i, trial);
                break;
            }
        }
        int size = rung == 0 ? rungSize(0) : members.size();
        if (members.size() == size && told.stream().allMatch(t -> t != null)) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> context.score(told.get(i))).reversed());
            rung++;
            var next = new ArrayList<Sample>();
            if (!done()) {
                for (int i : order.subList(0, Math.min(size, rungSize(rung)))) {
                    next.add(members.get(i));
                }
            }
            members = next;
            told = new ArrayList<>();
            members.forEach(m -> told.add(null));
            nextToAsk = 0;
        }
    }
}
