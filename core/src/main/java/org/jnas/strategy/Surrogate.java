package org.jnas.strategy;

import java.util.List;
import java.util.Random;
import org.jnas.space.Sample;

/**
 * A bootstrap ensemble of ridge regressions on an {@link Encoding}: predicts a score and, from the spread of the
 * members, its uncertainty. Linear on one-hot and path features is cheap enough to refit every few trials inside
 * a search of hundreds of trials over hundreds of seeds, and path features carry the operation interactions along
 * a cell. Members are fitted to the ranks of the scores (scaled to [0, 1]), not the scores: tabular benchmarks
 * have a heavy tail of broken architectures (10% accuracy) that would dominate a squared loss, and a search only
 * needs the order. Predictions are therefore in rank units: 0 about the worst score seen, 1 about the best.
 */
public final class Surrogate {
    private final Encoding encoding;
    private final int members;
    private final double ridge;
    private double[][] weights;
    private double mean;
    private double scale = 1;

    /** A prediction: ensemble mean and standard deviation, in the units of the training targets. */
    public record Prediction(double mean, double std) {
    }

    public Surrogate(Encoding encoding, int members, double ridge) {
        if (members < 1) {
            throw new IllegalArgumentException("a surrogate ensemble needs at least 1 member, got " + members);
        }
        if (!(ridge > 0)) {
            throw new IllegalArgumentException("ridge penalty must be positive, got " + ridge);
        }
        this.encoding = encoding;
        this.members = members;
        this.ridge = ridge;
    }

    /** Fits every member on a bootstrap resample (drawn from {@code rng}) of the samples and their scores. */
    public void fit(List<Sample> samples, double[] scores, Random rng) {
        int n = samples.size();
        if (n == 0 || n != scores.length) {
            throw new IllegalArgumentException("fit needs as many scores as samples (and at least one), got "
                    + n + " samples and " + scores.length + " scores");
        }
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = encoding.encode(samples.get(i));
        }
        scores = ranks(scores);
        mean = 0;
        for (double s : scores) {
            mean += s;
        }
        mean /= n;
        double var = 0;
        for (double s : scores) {
            var += (s - mean) * (s - mean);
        }
        scale = n > 1 && var > 0 ? Math.sqrt(var / (n - 1)) : 1;
        int d = encoding.size() + 1;
        weights = new double[members][];
        for (int m = 0; m < members; m++) {
            double[] count = new double[n];
            if (members == 1) {
                java.util.Arrays.fill(count, 1);
            } else {
                for (int i = 0; i < n; i++) {
                    count[rng.nextInt(n)]++;
                }
            }
            double[][] a = new double[d][d];
            double[] b = new double[d];
            for (int i = 0; i < n; i++) {
                if (count[i] == 0) {
                    continue;
                }
                double y = (scores[i] - mean) / scale;
                double[] xi = x[i];
                for (int p = 0; p < d; p++) {
                    double xp = p < d - 1 ? xi[p] : 1;
                    if (xp == 0) {
                        continue;
                    }
                    b[p] += count[i] * xp * y;
                    for (int q = 0; q < d; q++) {
                        double xq = q < d - 1 ? xi[q] : 1;
                        a[p][q] += count[i] * xp * xq;
                    }
                }
            }
            for (int p = 0; p < d - 1; p++) {
                a[p][p] += ridge;
            }
            a[d - 1][d - 1] += 1e-6;
            weights[m] = solve(a, b);
        }
    }

    public boolean fitted() {
        return weights != null;
    }

    public Prediction predict(Sample sample) {
        if (weights == null) {
            throw new IllegalStateException("the surrogate was not fitted yet: call fit first");
        }
        double[] x = encoding.encode(sample);
        double sum = 0;
        double sq = 0;
        for (double[] w : weights) {
            double y = w[w.length - 1];
            for (int p = 0; p < x.length; p++) {
                y += w[p] * x[p];
            }
            sum += y;
            sq += y * y;
        }
        double m = sum / weights.length;
        double std = Math.sqrt(Math.max(0, sq / weights.length - m * m));
        return new Prediction(mean + scale * m, scale * std);
    }

    /** Average ranks scaled to [0, 1] (ties share their mean rank). */
    static double[] ranks(double[] v) {
        int n = v.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int below = 0;
            int equal = 0;
            for (double w : v) {
                below += w < v[i] ? 1 : 0;
                equal += w == v[i] ? 1 : 0;
            }
            r[i] = n > 1 ? (below + (equal - 1) / 2.0) / (n - 1) : 0.5;
        }
        return r;
    }

    /** Solves a symmetric positive definite system by Cholesky decomposition. */
    private static double[] solve(double[][] a, double[] b) {
        int d = b.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j][j];
            }
        }
        double[] y = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < d; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
        return x;
    }

    @Override
    public String toString() {
        return "Surrogate: " + members + " bootstrap ridge regressions (lambda " + ridge + ") on " + encoding;
    }
}
