package org.jnas.stats;

import java.util.Locale;

/**
 * Is A better than B beyond noise? Welch's two-sample t-test (unequal variances) on two sets of repeated
 * measurements, with the 95% interval of the difference of means. "Beyond noise" means p < 0.05, two-sided; with
 * fewer than two values on a side no test is possible and the verdict says so.
 *
 * @param a          what is compared (for example the search's pick over k seeds)
 * @param b          what it is compared with (for example random search's pick over k seeds)
 * @param difference mean(a) - mean(b)
 * @param ciLow      95% interval of the difference, lower end (Welch-Satterthwaite degrees of freedom)
 * @param ciHigh     upper end
 * @param p          two-sided p-value, NaN when it cannot be computed
 */
public record Comparison(Summary a, Summary b, double difference, double ciLow, double ciHigh, double p) {
    public static final double ALPHA = 0.05;

    public static Comparison welch(double[] a, double[] b) {
        Summary sa = Summary.of(a);
        Summary sb = Summary.of(b);
        double diff = sa.mean() - sb.mean();
        if (sa.n() < 2 || sb.n() < 2) {
            return new Comparison(sa, sb, diff, Double.NaN, Double.NaN, Double.NaN);
        }
        double va = sa.sd() * sa.sd() / sa.n();
        double vb = sb.sd() * sb.sd() / sb.n();
        double se = Math.sqrt(va + vb);
        if (se == 0) {
            // both sides constant: identical means are no difference, different ones are beyond any noise seen
            return new Comparison(sa, sb, diff, diff, diff, diff == 0 ? 1 : 0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (sa.n() - 1) + vb * vb / (sb.n() - 1));
        double t = diff / se;
        double half = Stats.tQuantile(0.95, df) * se;
        return new Comparison(sa, sb, diff, diff - half, diff + half, Stats.tTwoSidedP(t, df));
    }

    /** Whether the difference is beyond noise at the 5% level. */
    public boolean significant() {
        return !Double.isNaN(p) && p < ALPHA;
    }

    /** One line a report can print: the difference, its interval, p, and the verdict in words. */
    public String verdict() {
        if (Double.isNaN(p)) {
            return String.format(Locale.ROOT, "difference %+.4f; not testable (n=%d vs n=%d: need at least 2 each)",
                    difference, a.n(), b.n());
        }
        return String.format(Locale.ROOT, "difference %+.4f [95%% CI %+.4f, %+.4f], Welch p=%.3g (n=%d vs n=%d): %s",
                difference, ciLow, ciHigh, p, a.n(), b.n(),
                significant() ? "beyond noise" : "within noise (not significant at 5%)");
    }

    @Override
    public String toString() {
        return verdict();
    }
}
