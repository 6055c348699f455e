package org.jnas.strategy;

/** Kendall's tau-b between two paired score lists: how well one ranking (a proxy, a predictor) orders the other. */
public final class RankCorrelation {
    private RankCorrelation() {
    }

    /** Kendall tau-b in [-1, 1], ties handled; NaN with fewer than 2 pairs or when one side is constant. */
    public static double kendallTau(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("kendallTau needs paired lists, got " + x.length + " and "
                    + y.length + " values");
        }
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
}
