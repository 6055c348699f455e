package org.jnas.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values computed with scipy 1.17 (stats.t, stats.ttest_ind) and by hand for the rank correlations. */
class StatsTest {

    @Test
    void tQuantilesMatchTables() {
        assertEquals(12.706, Stats.tQuantile(0.95, 1), 1e-3);
        assertEquals(2.262, Stats.tQuantile(0.95, 9), 1e-3);
        assertEquals(1.960, Stats.tQuantile(0.95, 1e6), 1e-3);
    }

    @Test
    void summaryGivesMeanSdAndStudentInterval() {
        Summary s = Summary.of(0.80, 0.82, 0.79, 0.81);
        assertEquals(0.805, s.mean(), 1e-12);
        assertEquals(0.012909944, s.sd(), 1e-8);
        // qt(0.975, 3) = 3.182446; half width = 3.182446 * sd / 2
        assertEquals(0.805 - 3.182446 * 0.012909944 / 2, s.ciLow(), 1e-6);
        assertEquals(1, Summary.of(0.7).n());
        assertTrue(Double.isNaN(Summary.of(0.7).sd()));
    }

    /**
     * Identical values have no spread, exactly: 0.9004000000000001 three times has a floating-point mean of 0.9004,
     * and the naive sum of squares then gave an sd of about 1e-16, which Welch's test read as "beyond noise" at
     * p=1e-27 (notebook 05's first report, a NAS-Bench-201 lookup, said so).
     */
    @Test
    void identicalValuesHaveZeroSpreadEvenWhenTheirMeanRounds() {
        double v = 90.04 / 100.0;
        assertTrue((v + v + v) / 3 != v, "the case this guards: the mean of three copies rounds away from v");
        Summary s = Summary.of(v, v, v);
        assertEquals(0.0, s.sd(), 0.0);
        assertEquals(s.mean(), s.ciLow(), 0.0);
        assertEquals(s.mean(), s.ciHigh(), 0.0);
        Comparison c = Comparison.welch(new double[] {v, v, v}, new double[] {0.9, 0.9, 0.9});
        assertEquals(0.0, c.a().sd(), 0.0);
        assertEquals(0.0, c.b().sd(), 0.0);
    }

    @Test
    void welchMatchesR() {
        // scipy.stats.ttest_ind(a, b, equal_var=False): t = 3.6556, df = 6.98, p = 0.0081562,
        // 95% CI of the difference [0.0123478, 0.0576522]
        Comparison c = Comparison.welch(new double[] {0.81, 0.83, 0.82, 0.84, 0.80},
                new double[] {0.78, 0.80, 0.79, 0.77});
        assertEquals(0.035, c.difference(), 1e-12);
        assertEquals(0.0081562, c.p(), 1e-6);
        assertEquals(0.0123478, c.ciLow(), 1e-6);
        assertEquals(0.0576522, c.ciHigh(), 1e-6);
        assertTrue(c.significant());
        Comparison noise = Comparison.welch(new double[] {0.70, 0.76, 0.73}, new double[] {0.72, 0.69, 0.75});
        assertFalse(noise.significant());
        assertTrue(noise.verdict().contains("within noise"));
        assertTrue(Comparison.welch(new double[] {0.8}, new double[] {0.7, 0.71}).verdict().contains("not testable"));
    }

    @Test
    void rankCorrelationsMatchKnownValues() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] y = {2, 1, 4, 3, 6, 5, 8, 7, 10, 9};
        // 5 discordant pairs of 45: tau = (40 - 5) / 45
        assertEquals(35.0 / 45, RankCorrelation.kendallTau(x, y), 1e-12);
        // rho = 1 - 6 * sum(d^2) / (n (n^2 - 1)) = 1 - 6 * 10 / 990
        assertEquals(1 - 60.0 / 990, RankCorrelation.spearman(x, y), 1e-12);
        var r = RankCorrelation.compare(x, y);
        assertEquals(10, r.n());
        assertTrue(r.tauLow() <= r.kendall() && r.kendall() <= r.tauHigh(), r.toString());
        assertEquals(r, RankCorrelation.compare(x, y), "the bootstrap is seeded");
        assertTrue(RankCorrelation.compare(new double[] {1, 2, 3}, new double[] {1, 3, 2}).toString()
                .contains("not estimated"));
    }
}
