package org.jnas.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Rank correlations between two paired score lists: how well one ranking (a proxy, a predictor, a one-shot score, a
 * low fidelity) orders the other. {@link #compare} gives Kendall's tau-b and Spearman's rho with a bootstrap 95%
 * interval and n, which is what a report must print; the plain functions are for code that needs only the number.
 */
public final class RankCorrelation {
    /** Below this many pairs a rank correlation says too little to be printed (reports say "n too small"). */
    public static final int MIN_PAIRS = 8;

    private RankCorrelation() {
    }

    /**
     * A rank correlation with its evidence.
     *
     * @param n        number of pairs
     * @param kendall  Kendall tau-b
     * @param tauLow   bootstrap 95% interval of tau, lower end (percentile method over resampled pairs)
     * @param tauHigh  upper end
     * @param spearman Spearman rho (Pearson correlation of average ranks)
     */
    public record Result(int n, double kendall, double tauLow, double tauHigh, double spearman) {
        /** Whether n reaches {@link #MIN_PAIRS}. */
        public boolean enough() {
            return n >= MIN_PAIRS;
        }

        @Override
        public String toString() {
            if (!enough()) {
                return String.format(Locale.ROOT, "n=%d (fewer than %d pairs: not estimated)", n, MIN_PAIRS);
            }
            return String.format(Locale.ROOT, "Kendall tau %.3f [95%% CI %.3f, %.3f], Spearman %.3f, n=%d",
                    kendall, tauLow, tauHigh, spearman, n);
        }
    }

    /** Kendall tau and Spearman with a 2,000-resample bootstrap interval of tau (seeded: the same inputs give the same interval). */
    public static Result compare(double[] x, double[] y) {
        return compare(x, y, 2000, 12345L);
    }

    public static Result compare(double[] x, double[] y, int resamples, long seed) {
        checkPaired(x, y);
        int n = x.length;
        double tau = kendallTau(x, y);
        double rho = spearman(x, y);
        if (n < 3) {
            return new Result(n, tau, Double.NaN, Double.NaN, rho);
        }
        var random = new SplittableRandom(seed);
        double[] taus = new double[resamples];
        int kept = 0;
        double[] bx = new double[n];
        double[] by = new double[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                bx[i] = x[k];
                by[i] = y[k];
            }
            double t = kendallTau(bx, by);
            if (!Double.isNaN(t)) {
                taus[kept++] = t;
            }
        }
        double[] sorted = Arrays.copyOf(taus, kept);
        Arrays.sort(sorted);
        return new Result(n, tau, Stats.quantile(sorted, 0.025), Stats.quantile(sorted, 0.975), rho);
    }

    /** Kendall tau-b in [-1, 1], ties handled; NaN with fewer than 2 pairs or when one side is constant. */
    public static double kendallTau(double[] x, double[] y) {
        checkPaired(x, y);
        long concordant = 0;
        long discordant = 0;
        long tiesX = 0;
        long tiesY = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                double dx = Math.signum(x[i] - x[j]);
                double dy = Math.signum(y[i] - y[j]);
                if (dx == 0 && dy == 0) {
                    continue;
                }
                if (dx == 0) {
                    tiesX++;
                } else if (dy == 0) {
                    tiesY++;
                } else if (dx == dy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Spearman's rho: the Pearson correlation of average ranks (ties share their mean rank); NaN when undefined. */
    public static double spearman(double[] x, double[] y) {
        checkPaired(x, y);
        return Stats.pearson(ranks(x), ranks(y));
    }

    /** 1-based average ranks. */
    static double[] ranks(double[] v) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] ranks = new double[v.length];
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = mean;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static void checkPaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("a rank correlation needs paired lists, got " + x.length + " and "
                    + y.length + " values");
        }
    }
}
