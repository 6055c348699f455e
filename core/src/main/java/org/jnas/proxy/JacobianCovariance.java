package org.jnas.proxy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * The Jacobian covariance score of Mellor et al., "Neural Architecture Search without Training" (arXiv 2006.04647
 * v1, 2020), under the name and with the code of Abdelfattah et al. 2021 ({@code mohsaied/zero-cost-nas},
 * {@code jacob_cov.py}): the gradient of the summed network output with respect to each input image of one
 * mini-batch (BatchNorm in training mode), flattened to one row per image; C = the correlation matrix of the rows;
 * score = {@code -sum_i (log(v_i + k) + 1/(v_i + k))} over the eigenvalues v of C, with k = 1e-5. Networks whose
 * Jacobians are less correlated across images score higher.
 *
 * <p>Difference: Mellor et al.'s published (ICML 2021) NASWOT score is a different statistic, the log-determinant
 * of a kernel of binary ReLU activation codes; it needs hooks on every ReLU, which DJL blocks do not offer, so it is
 * not implemented. Eigenvalues come from a Jacobi rotation solver (symmetric, so the same values as NumPy's
 * {@code eig} up to rounding). An image whose Jacobian is constant (correlation undefined) or an eigenvalue at or
 * below {@code -k} (log undefined) makes the score fail with that reason, where the reference returns NaN.
 */
public final class JacobianCovariance implements ZeroCostProxy {
    static final double K = 1e-5;

    @Override
    public String name() {
        return "jacob_cov";
    }

    @Override
    public boolean needsData() {
        return true;
    }

    @Override
    public double compute(ProxyInput input) {
        NDArray x = input.requireImages(name()).duplicate();
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray out = input.network().forward(new ParameterStore(input.manager(), false), new NDList(x), true)
                    .singletonOrThrow();
            gc.backward(out.sum());
        }
        int n = Math.toIntExact(x.getShape().get(0));
        if (n < 2) {
            throw new ProxyFailedException("jacob_cov needs a batch of at least 2 images, got " + n);
        }
        float[] flat;
        try (NDArray g = x.getGradient()) {
            flat = g.toFloatArray();
        }
        int d = flat.length / n;
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                rows[i][j] = flat[i * d + j];
            }
        }
        double[][] corr = correlation(rows);
        double[] eigen = Eigen.symmetricEigenvalues(corr);
        double score = 0;
        for (double v : eigen) {
            if (!(v + K > 0)) {
                throw new ProxyFailedException("jacob_cov: the Jacobian correlation matrix has eigenvalue " + v
                        + " (log undefined)");
            }
            score -= Math.log(v + K) + 1 / (v + K);
        }
        return score;
    }

    /** Pearson correlation between rows (NumPy's {@code corrcoef}); a constant row fails with its index. */
    static double[][] correlation(double[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[][] centered = new double[n][d];
        double[] norm = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = 0;
            for (double v : rows[i]) {
                mean += v;
            }
            mean /= d;
            double ss = 0;
            for (int j = 0; j < d; j++) {
                centered[i][j] = rows[i][j] - mean;
                ss += centered[i][j] * centered[i][j];
            }
            if (ss == 0) {
                throw new ProxyFailedException("jacob_cov: the output does not depend on input image " + i
                        + " (its Jacobian is constant), so correlations are undefined");
            }
            norm[i] = Math.sqrt(ss);
        }
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = i; k < n; k++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += centered[i][j] * centered[k][j];
                }
                c[i][k] = dot / (norm[i] * norm[k]);
                c[k][i] = c[i][k];
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "jacob_cov (Mellor et al. 2020 v1; as named by Abdelfattah et al. 2021)";
    }
}
