package org.jnas.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance over objective vectors where larger is better in every coordinate (use
 * {@link SearchContext#objectiveVector}): non-dominated sorting and crowding distance, as in NSGA-II (Deb et al.
 * 2002), and the front of a set of trials.
 */
public final class Pareto {
    private Pareto() {
    }

    /** True when {@code a} is at least as good as {@code b} everywhere and better somewhere. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] < b[i]) {
                return false;
            }
            if (a[i] > b[i]) {
                better = true;
            }
        }
        return better;
    }

    /** Deb's constrained dominance: feasible beats infeasible, less violation beats more, else Pareto. */
    static boolean constrainedDominates(double[] a, double violationA, double[] b, double violationB) {
        if (violationA == 0 && violationB > 0) {
            return true;
        }
        if (violationA > 0) {
            return violationB > violationA;
        }
        return violationB == 0 && dominates(a, b);
    }

    /** Indices of {@code points} by front: front 0 is non-dominated, front 1 non-dominated once 0 is removed... */
    public static List<List<Integer>> sort(List<double[]> points) {
        double[] none = new double[points.size()];
        return sort(points, none);
    }

    /** Fast non-dominated sort under constrained dominance. */
    static List<List<Integer>> sort(List<double[]> points, double[] violations) {
        int n = points.size();
        List<List<Integer>> dominated = new ArrayList<>();
        int[] count = new int[n];
        List<List<Integer>> fronts = new ArrayList<>();
        List<Integer> first = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            dominated.add(new ArrayList<>());
            for (int q = 0; q < n; q++) {
                if (p == q) {
                    continue;
                }
                if (constrainedDominates(points.get(p), violations[p], points.get(q), violations[q])) {
                    dominated.get(p).add(q);
                } else if (constrainedDominates(points.get(q), violations[q], points.get(p), violations[p])) {
                    count[p]++;
                }
            }
            if (count[p] == 0) {
                first.add(p);
            }
        }
        List<Integer> current = first;
        while (!current.isEmpty()) {
            fronts.add(current);
            List<Integer> next = new ArrayList<>();
            for (int p : current) {
                for (int q : dominated.get(p)) {
                    if (--count[q] == 0) {
                        next.add(q);
                    }
                }
            }
            current = next;
        }
        return fronts;
    }

    /** Crowding distance of each point of one front (infinite at the extremes of each objective). */
    public static double[] crowding(List<double[]> front) {
        int n = front.size();
        double[] d = new double[n];
        if (n == 0) {
            return d;
        }
        int m = front.get(0).length;
        Integer[] idx = new Integer[n];
        for (int k = 0; k < m; k++) {
            final int obj = k;
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, Comparator.comparingDouble(i -> front.get(i)[obj]));
            double lo = front.get(idx[0])[obj];
            double hi = front.get(idx[n - 1])[obj];
            d[idx[0]] = Double.POSITIVE_INFINITY;
            d[idx[n - 1]] = Double.POSITIVE_INFINITY;
            if (hi > lo) {
                for (int i = 1; i < n - 1; i++) {
                    d[idx[i]] += (front.get(idx[i + 1])[obj] - front.get(idx[i - 1])[obj]) / (hi - lo);
                }
            }
        }
        return d;
    }

    /** The feasible, ok trials that no other feasible ok trial dominates on the context's objectives. */
    public static List<Trial> front(List<Trial> trials, SearchContext context) {
        List<Trial> feasible = trials.stream().filter(context::feasible).toList();
        List<double[]> points = feasible.stream().map(context::objectiveVector).toList();
        var out = new ArrayList<Trial>();
        for (int i = 0; i < feasible.size(); i++) {
            boolean dominated = false;
            for (int j = 0; j < feasible.size() && !dominated; j++) {
                dominated = j != i && dominates(points.get(j), points.get(i));
            }
            if (!dominated) {
                out.add(feasible.get(i));
            }
        }
        return out;
    }
}
