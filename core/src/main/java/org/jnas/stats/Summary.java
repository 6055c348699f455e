package org.jnas.stats;

import java.util.Arrays;
import java.util.Locale;

/**
 * n values of one quantity (an architecture's accuracy over seeds, a search's result over repeats): mean, sample
 * standard deviation and the 95% Student-t interval of the mean. With one value the spread is unknown (NaN) and
 * the report says so instead of pretending.
 */
public record Summary(int n, double mean, double sd, double ciLow, double ciHigh) {

    public static Summary of(double... values) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        double mean = Stats.mean(v);
        double sd = Stats.sd(v);
        double half = v.length < 2 ? Double.NaN : Stats.tQuantile(0.95, v.length - 1) * sd / Math.sqrt(v.length);
        return new Summary(v.length, mean, sd, mean - half, mean + half);
    }

    /** Half-width of the 95% interval. */
    public double halfWidth() {
        return (ciHigh - ciLow) / 2;
    }

    @Override
    public String toString() {
        if (n < 2) {
            return String.format(Locale.ROOT, "%.4f (n=%d, spread unknown)", mean, n);
        }
        return String.format(Locale.ROOT, "%.4f ± %.4f sd [95%% CI %.4f, %.4f] (n=%d)", mean, sd, ciLow, ciHigh, n);
    }
}
