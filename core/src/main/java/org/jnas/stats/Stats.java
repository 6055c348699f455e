package org.jnas.stats;

import java.util.Arrays;

/** Small numeric helpers behind {@link Summary}, {@link Comparison} and {@link RankCorrelation}. */
public final class Stats {
    private Stats() {
    }

    public static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /** Sample standard deviation (n - 1); NaN below two values. */
    public static double sd(double[] v) {
        if (v.length < 2) {
            return Double.NaN;
        }
        if (Arrays.stream(v).allMatch(x -> x == v[0])) {
            return 0; // exactly: the mean of identical values can round away from them and leave a 1e-16 "spread"
        }
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1));
    }

    /** Linear-interpolated quantile of already sorted values (type 7, as R's and numpy's default). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return quantile(s, 0.5);
    }

    /** Pearson correlation; NaN when either side is constant or fewer than 2 pairs. */
    public static double pearson(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            return Double.NaN;
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Two-sided p-value of Student's t with {@code df} degrees of freedom. */
    public static double tTwoSidedP(double t, double df) {
        if (Double.isNaN(t) || !(df > 0)) {
            return Double.NaN;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The t quantile with P(|T| <= q) = {@code level}, for example 2.262 for level 0.95 and df 9. */
    public static double tQuantile(double level, double df) {
        if (!(df > 0)) {
            return Double.NaN;
        }
        double lo = 0;
        double hi = 1;
        while (tTwoSidedP(hi, df) > 1 - level) {
            hi *= 2;
        }
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (tTwoSidedP(mid, df) > 1 - level) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Regularized incomplete beta I_x(a, b) by its continued fraction (Numerical Recipes, betacf). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
        if (x < (a + 1) / (a + b + 2)) {
            return Math.exp(lnFront) * betaFraction(x, a, b) / a;
        }
        return 1 - Math.exp(lnFront) * betaFraction(1 - x, b, a) / b;
    }

    private static double betaFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 300; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** Lanczos approximation of ln Gamma(x), x > 0. */
    static double logGamma(double x) {
        double[] g = {676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
                12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = 0.99999999999980993;
        double t = x + 7.5;
        for (int i = 0; i < g.length; i++) {
            a += g[i] / (x + i + 1);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
