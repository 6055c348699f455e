package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import org.jnas.Jnas;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.CellSpace;
import org.junit.jupiter.api.Test;

/** The architecture gradients a search follows agree with finite differences of the loss they claim to descend. */
class DartsGradientTest {

    static CellSpace tinySpace() {
        return CellSpace.builder("tiny").inputs(1).nodes(2).ops("none", "skip_connect", "nor_conv_1x1",
                "nor_conv_3x3", "avg_pool_3x3").build();
    }

    static SupernetShape tinyShape() {
        return SupernetShape.builder().channels(4).cells(1).stemMultiplier(1).input(1, 8, 8, 3).build();
    }

    private static NDArray images(NDManager m, long seed) {
        return m.randomNormal(new Shape(6, 1, 8, 8));
    }

    private static NDArray labels(NDManager m, long... values) {
        return m.create(values);
    }

    /** Every mixed op of the tiny space shares one ReLU between its two convolutions: checked on that path. */
    @Test
    void alphaGradientMatchesFiniteDifferences() {
        Jnas.init();
        Engine.getInstance().setRandomSeed(1);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(tinySpace(), tinyShape(), 6, m)) {
            randomizeAlphas(net, 0.7);
            BilevelStep step = new BilevelStep(net, BilevelStep.Hyper.reference());
            NDArray x = images(m, 0);
            NDArray y = labels(m, 0, 1, 2, 0, 1, 2);
            double[][] analytic;
            try (NDManager s = m.newSubManager()) {
                net.setWeightsRequireGradient(false);
                step.lossAndBackward(s, x, y, true);
                net.setWeightsRequireGradient(true);
                NDArray a = net.architectureParameters().get("alpha/cell");
                try (NDArray g = a.getGradient()) {
                    analytic = Supernet.toMatrix(g.toFloatArray(), 3, 5);
                    BilevelStep.zero(a, g);
                }
            }
            assertTrue(mixedOps(net.network()).stream().allMatch(op -> op.sharedReluOps() == 2));
            double[][] numeric = finiteDifference(net, a -> loss(step, m, x, y));
            assertClose(analytic, numeric, 0.05, "first-order alpha gradient");
        }
    }

    /**
     * PC-DARTS as searches run it by default: K=2 (half of the 4 channels go through the candidates, the rest
     * bypass them and are channel-shuffled back in) and edge normalization (each edge's mixture times a softmax of
     * the edge weights beta over its node's incoming edges). Both the alpha and the beta gradients must match
     * finite differences of the loss.
     */
    @Test
    void partialChannelsWithEdgeNormalizationGradientsMatchFiniteDifferences() {
        Jnas.init();
        Engine.getInstance().setRandomSeed(3);
        SupernetShape pc = tinyShape().withPartialChannels(2, true);
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(tinySpace(), pc, 6, m)) {
            randomizeAlphas(net, 0.7);
            NDArray beta = net.architectureParameters().get("beta/cell");
            beta.set(new float[] {0.4f, -0.6f, 0.9f}); // edges 0->1 | 0->2, 1->2 (normalized per target node)
            BilevelStep step = new BilevelStep(net, BilevelStep.Hyper.reference());
            NDArray x = images(m, 0);
            NDArray y = labels(m, 0, 1, 2, 0, 1, 2);
            double[][] alphaGrad;
            double[][] betaGrad;
            try (NDManager s = m.newSubManager()) {
                net.setWeightsRequireGradient(false);
                step.lossAndBackward(s, x, y, true);
                net.setWeightsRequireGradient(true);
                NDArray a = net.architectureParameters().get("alpha/cell");
                try (NDArray g = a.getGradient()) {
                    alphaGrad = Supernet.toMatrix(g.toFloatArray(), 3, 5);
                    BilevelStep.zero(a, g);
                }
                try (NDArray g = beta.getGradient()) {
                    betaGrad = Supernet.toMatrix(g.toFloatArray(), 1, 3);
                    BilevelStep.zero(beta, g);
                }
            }
            assertTrue(mixedOps(net.network()).stream().allMatch(op -> op.candidatesComputed() == 4));
            Loss loss = a -> loss(step, m, x, y);
            assertClose(alphaGrad, finiteDifference(net.architectureParameters().get("alpha/cell"), loss), 0.05,
                    "partial-channel alpha gradient");
            double[][] numericBeta = finiteDifference(beta, loss);
            assertClose(betaGrad, numericBeta, 0.05, "edge-normalization beta gradient");
            // node 1 has one incoming edge: its softmax is 1 whatever beta says, so that gradient is zero
            assertTrue(Math.abs(betaGrad[0][0]) < 1e-6 && Math.abs(betaGrad[0][1]) > 1e-5, java.util.Arrays
                    .toString(betaGrad[0]));
        }
    }

    /**
     * The unrolled loss is only piecewise smooth where ReLUs and max-pools switch, and finite differences across
     * such kinks say nothing about the derivative. So this tiny problem is smooth by construction: a user's
     * two-input cell space (DARTS skeleton, one cell) whose ops are smooth ({@code tanh_conv_3x3} registered here,
     * average pooling, skip), and the stem's BatchNorm shifted far positive so the cell's input ReLUs stay linear.
     */
    @Test
    void secondOrderHypergradientMatchesFiniteDifferenceOfTheUnrolledLoss() {
        Jnas.init();
        Ops.register("tanh_conv_3x3", OpFamily.CONV, (c, s, affine) -> new SequentialBlock()
                .add(Ops.conv(c, 3, s, 1, 1, 1)).add(Ops.batchNorm(affine)).add(Activation::tanh));
        CellSpace smooth = CellSpace.builder("smooth").inputs(2).nodes(2).ops("none", "skip_connect",
                "tanh_conv_3x3", "avg_pool_3x3").concatOutput().build();
        Engine.getInstance().setRandomSeed(2);
        // the finite differences edit trainable weights in place: recording off on this thread (a thread other
        // than the engine's first records by default), as BilevelStep does for its own in-place edits
        try (var off = org.jnas.eval.djl.Autograd.off();
             NDManager m = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(smooth, tinyShape(), 6, m)) {
            net.network().getParameters().stream().filter(p -> p.getKey().contains("stem")
                    && p.getKey().endsWith("beta")).findFirst().orElseThrow().getValue().getArray().addi(6f);
            randomizeAlphas(net, 0.7);
            int edges = net.cellType("cell").edges().size();
            BilevelStep step = new BilevelStep(net, BilevelStep.Hyper.reference());
            float xi = 0.5f; // a large unrolling step, so that the second-order term is clearly visible
            step.setWeightLearningRate(xi);
            NDArray xt = m.randomNormal(new Shape(6, 1, 8, 8));
            NDArray yt = labels(m, 0, 1, 2, 0, 1, 2);
            NDArray xv = m.randomNormal(new Shape(6, 1, 8, 8));
            NDArray yv = labels(m, 2, 2, 1, 0, 0, 1);
            double[][] hyper;
            double[][] firstOrder;
            try (NDManager s = m.newSubManager()) {
                hyper = Supernet.toMatrix(step.secondOrderGradient(s, xt, yt, xv, yv).get("alpha/cell")
                        .toFloatArray(), edges, 4);
                firstOrder = Supernet.toMatrix(step.lastValidAlphaGradient.get("alpha/cell").toFloatArray(),
                        edges, 4);
            }
            List<NDArray> backup = new ArrayList<>();
            for (Parameter p : net.trainableWeights()) {
                backup.add(p.getArray().duplicate());
            }
            Loss unrolled = a -> {
                try (NDManager s = m.newSubManager()) {
                    step.lossAndBackward(s, xt, yt, false);
                    for (Parameter p : net.trainableWeights()) {
                        NDArray w = p.getArray();
                        try (NDArray g = w.getGradient(); NDArray decay = w.mul(3e-4f); NDArray d = g.add(decay)) {
                            w.subi(d.muli(xi));
                            BilevelStep.zero(w, g);
                        }
                    }
                    double l = step.evaluate(s, xv, yv).loss();
                    for (int i = 0; i < backup.size(); i++) {
                        NDArray w = net.trainableWeights().get(i).getArray();
                        w.subi(w).addi(backup.get(i));
                    }
                    return l;
                }
            };
            double[][] numeric = finiteDifference(net, unrolled);
            assertClose(hyper, numeric, 0.05, "second-order hypergradient");
            double firstOrderError = relativeError(firstOrder, numeric);
            assertTrue(firstOrderError > 0.1, "the second-order term matters on this problem (first-order error "
                    + firstOrderError + ")");
        }
    }

    static List<MixedOp> mixedOps(ai.djl.nn.Block block) {
        var out = new ArrayList<MixedOp>();
        if (block instanceof MixedOp op) {
            out.add(op);
        }
        for (var child : block.getChildren().values()) {
            out.addAll(mixedOps(child));
        }
        return out;
    }

    @Test
    void dartsEdgesShareOneReluAcrossTheirFourConvolutions() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(org.jnas.space.Spaces.darts(), tinyShape(), 2, m)) {
            List<MixedOp> ops = mixedOps(net.network());
            assertTrue(ops.size() == 14 && ops.stream().allMatch(op -> op.sharedReluOps() == 4
                    && op.candidatesComputed() == 7), "14 edges, 7 computed candidates (none skipped), 4 sharing");
        }
    }

    interface Loss {
        double at(double[][] alphas);
    }

    private static double loss(BilevelStep step, NDManager m, NDArray x, NDArray y) {
        try (NDManager s = m.newSubManager()) {
            return step.evaluate(s, x, y).loss();
        }
    }

    static void randomizeAlphas(Supernet net, double scale) {
        java.util.Random r = new java.util.Random(7);
        for (var t : net.cellTypes().values()) {
            double[][] a = new double[t.edges().size()][t.candidates().size()];
            for (double[] row : a) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = scale * r.nextGaussian();
                }
            }
            net.setAlphas(t.name(), a);
        }
    }

    private static double[][] finiteDifference(Supernet net, Loss loss) {
        return finiteDifference(net.architectureParameters().get("alpha/cell"), loss);
    }

    /** Central differences of the loss in each entry of an architecture parameter (alphas or betas). */
    private static double[][] finiteDifference(NDArray param, Loss loss) {
        float[] base = param.toFloatArray();
        Shape shape = param.getShape();
        int rows = shape.dimension() == 1 ? 1 : (int) shape.get(0);
        int cols = (int) shape.get(shape.dimension() - 1);
        double h = 1e-3;
        double[][] g = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[i * cols + j] += (float) h;
                minus[i * cols + j] -= (float) h;
                param.set(plus);
                double lp = loss.at(null);
                param.set(minus);
                double lm = loss.at(null);
                g[i][j] = (lp - lm) / (plus[i * cols + j] - minus[i * cols + j]);
            }
        }
        param.set(base);
        return g;
    }

    static double relativeError(double[][] actual, double[][] expected) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                diff += Math.pow(actual[i][j] - expected[i][j], 2);
                norm += expected[i][j] * expected[i][j];
            }
        }
        return Math.sqrt(diff / norm);
    }

    /** Relative error of the whole gradient (Frobenius norm) below {@code tolerance}. */
    static void assertClose(double[][] actual, double[][] expected, double tolerance, String what) {
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) {
                diff += Math.pow(actual[i][j] - expected[i][j], 2);
                norm += expected[i][j] * expected[i][j];
            }
        }
        double rel = relativeError(actual, expected);
        System.out.printf("%s: |g|=%.3e relative error %.4f%n", what, Math.sqrt(norm), rel);
        assertTrue(norm > 1e-8, what + " is not trivially zero");
        assertTrue(rel < tolerance, what + ": relative error " + rel + " >= " + tolerance + "\nanalytic "
                + java.util.Arrays.deepToString(actual) + "\nnumeric " + java.util.Arrays.deepToString(expected));
    }
}
