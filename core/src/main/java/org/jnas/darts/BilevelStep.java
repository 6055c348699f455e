package org.jnas.darts;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.eval.djl.Autograd;

/**
 * One DARTS search step on a {@link Supernet}: an architecture step on a validation batch (first order: the
 * gradient of the validation loss; second order: the unrolled step of Liu et al. with the finite-difference
 * Hessian-vector product), then a weight step on a training batch (SGD with momentum, weight decay and gradient
 * norm clipping). Why a class: this is where the DJL pitfalls are handled once (see the Javadoc of each method):
 * gradients are zeroed explicitly (the PyTorch collector accumulates), weights are frozen during the architecture
 * step and alphas cut from the graph during the weight step, and every array a step creates lives in a per-step
 * manager.
 */
public final class BilevelStep implements AutoCloseable {

    /**
     * The optimizer settings; {@link #reference()} are the DARTS paper's (and the B1 peer's). Change them by name:
     * {@code Hyper.reference().withArchitectureLearningRate(0.1f)}.
     */
    public record Hyper(float weightLr, float momentum, float weightDecay, float gradClip, float archLr,
                        float archBeta1, float archBeta2, float archWeightDecay) {
        public Hyper {
            if (!(weightLr > 0) || !(archLr >= 0) || momentum < 0 || momentum >= 1 || weightDecay < 0
                    || !(gradClip > 0)) {
                throw new IllegalArgumentException("need weightLr > 0, archLr >= 0, 0 <= momentum < 1,"
                        + " weightDecay >= 0, gradClip > 0; got " + this);
            }
        }

        public static Hyper reference() {
            return new Hyper(0.025f, 0.9f, 3e-4f, 5f, 3e-4f, 0.5f, 0.999f, 1e-3f);
        }

        /** The weights' (initial) SGD learning rate. */
        public Hyper withWeightLearningRate(float lr) {
            return new Hyper(lr, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, archWeightDecay);
        }

        /** The architecture parameters' Adam learning rate (0: the alphas never move). */
        public Hyper withArchitectureLearningRate(float lr) {
            return new Hyper(weightLr, momentum, weightDecay, gradClip, lr, archBeta1, archBeta2, archWeightDecay);
        }

        /** The architecture parameters' weight decay. */
        public Hyper withArchitectureWeightDecay(float decay) {
            return new Hyper(weightLr, momentum, weightDecay, gradClip, archLr, archBeta1, archBeta2, decay);
        }
    }

    /** Loss and correct count of one batch. */
    public record BatchResult(float loss, int correct, int size) {
    }

    private final Supernet net;
    private final Hyper hyper;
    private final Optimizer weightOptimizer;
    private final Optimizer archOptimizer;
    private final List<Parameter> weights;
    private float currentLr;

    public BilevelStep(Supernet net, Hyper hyper) {
        this.net = net;
        this.hyper = hyper;
        this.weights = net.trainableWeights();
        this.currentLr = hyper.weightLr();
        ParameterTracker lr = (id, n) -> currentLr;
        weightOptimizer = Optimizer.sgd().setLearningRateTracker(lr).optMomentum(hyper.momentum())
                .optWeightDecays(hyper.weightDecay()).build();
        archOptimizer = Optimizer.adam().optLearningRateTracker((id, n) -> hyper.archLr())
                .optBeta1(hyper.archBeta1()).optBeta2(hyper.archBeta2())
                .optWeightDecays(hyper.archWeightDecay()).build();
    }

    /** Frees the optimizers' state (momentum, Adam's moments): DJL keeps it outside every manager. */
    @Override
    public void close() {
        org.jnas.eval.djl.OptimizerState.release(weightOptimizer);
        org.jnas.eval.djl.OptimizerState.release(archOptimizer);
    }

    /** The weights' learning rate from now on (the search sets it per epoch, cosine). */
    public void setWeightLearningRate(float lr) {
        this.currentLr = lr;
    }

    public float weightLearningRate() {
        return currentLr;
    }

    /** First-order architecture step: alphas move down the validation loss; weights are frozen meanwhile. */
    public BatchResult archStepFirstOrder(NDManager step, NDArray xValid, NDArray yValid) {
        net.setWeightsRequireGradient(false);
        BatchResult r;
        try {
            r = lossAndBackward(step, xValid, yValid, true);
        } finally {
            net.setWeightsRequireGradient(true);
        }
        for (var e : net.architectureParameters().entrySet()) {
            NDArray a = e.getValue();
            try (NDArray g = a.getGradient()) {
                archOptimizer.update(e.getKey(), a, g);
                zero(a, g);
            }
        }
        return r;
    }

    /**
     * Second-order architecture step: the gradient of the validation loss at the unrolled weights
     * {@code w' = w - xi * (grad_w L_train(w, alpha) + wd * w)}, minus {@code xi} times the Hessian-vector product
     * {@code grad^2_{alpha,w} L_train * grad_w' L_val}, by central differences at {@code w +- eps * grad_w' L_val}
     * with {@code eps = 0.01 / |grad_w' L_val|}. {@code xi} is the current weight learning rate. The momentum
     * term of the DARTS code's unrolled step is left out.
     */
    public BatchResult archStepSecondOrder(NDManager step, NDArray xTrain, NDArray yTrain, NDArray xValid,
                                           NDArray yValid) {
        Map<String, NDArray> hypergradient = secondOrderGradient(step, xTrain, yTrain, xValid, yValid);
        for (var e : net.architectureParameters().entrySet()) {
            archOptimizer.update(e.getKey(), e.getValue(), hypergradient.get(e.getKey()));
        }
        return lastValid;
    }

    private BatchResult lastValid;
    /** The first-order part of the last second-order gradient (arrays in that step's manager), for tests. */
    Map<String, NDArray> lastValidAlphaGradient;

    /** The second-order hypergradient per architecture parameter (arrays in {@code step}); nothing is updated. */
    Map<String, NDArray> secondOrderGradient(NDManager step, NDArray xTrain, NDArray yTrain, NDArray xValid,
                                             NDArray yValid) {
        float xi = currentLr;
        List<NDArray> backup = new ArrayList<>();
        for (Parameter p : weights) {
            backup.add(attach(step, p.getArray().duplicate()));
        }
        // 1. unrolled weights w' = w - xi (g_train + wd w)
        lossAndBackward(step, xTrain, yTrain, false);
        // in-place edits of leaves that require gradients: only legal with recording off, and a thread records by
        // default unless it started the engine (a notebook cell runs on a fresh thread)
        try (Autograd.Scope off = Autograd.off()) {
            for (Parameter p : weights) {
                NDArray w = p.getArray();
                try (NDArray g = w.getGradient()) {
                    NDArray decay = attach(step, w.mul(hyper.weightDecay()));
                    NDArray delta = attach(step, g.add(decay)).muli(xi);
                    w.subi(delta);
                    zero(w, g);
                }
            }
        }
        // 2. validation loss at w': gradients for alpha and for w'
        lastValid = lossAndBackward(step, xValid, yValid, true);
        var archParams = net.architectureParameters();
        var dAlpha = new java.util.LinkedHashMap<String, NDArray>();
        for (var e : archParams.entrySet()) {
            try (NDArray g = e.getValue().getGradient()) {
                dAlpha.put(e.getKey(), attach(step, g.duplicate()));
                lastValidAlphaGradient = dAlpha;
                zero(e.getValue(), g);
            }
        }
        List<NDArray> dw = new ArrayList<>();
        NDList norms = new NDList();
        for (Parameter p : weights) {
            try (NDArray g = p.getArray().getGradient()) {
                NDArray copy = attach(step, g.duplicate());
                dw.add(copy);
                norms.add(attach(step, copy.norm()));
                zero(p.getArray(), g);
            }
        }
        float norm = attach(step, attach(step, NDArrays.stack(norms)).norm()).getFloat();
        float eps = 0.01f / Math.max(norm, 1e-12f);
        // 3. alpha gradients of the training loss at w +- eps dw'
        var plus = archGradientAt(step, backup, dw, eps, xTrain, yTrain);
        var minus = archGradientAt(step, backup, dw, -eps, xTrain, yTrain);
        restore(backup);
        var result = new java.util.LinkedHashMap<String, NDArray>();
        for (String k : archParams.keySet()) {
            NDArray hvp = attach(step, attach(step, plus.get(k).sub(minus.get(k))).div(2 * eps));
            result.put(k, attach(step, dAlpha.get(k).sub(attach(step, hvp.mul(xi)))));
        }
        return result;
    }

    private Map<String, NDArray> archGradientAt(NDManager step, List<NDArray> backup, List<NDArray> dw, float eps,
                                                NDArray x, NDArray y) {
        try (Autograd.Scope off = Autograd.off()) { // in-place on leaves: see secondOrderGradient
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i).getArray();
                try (NDArray scaled = dw.get(i).mul(eps); NDArray shifted = backup.get(i).add(scaled)) {
                    w.subi(w).addi(shifted);
                }
            }
        }
        net.setWeightsRequireGradient(false);
        try {
            lossAndBackward(step, x, y, true);
        } finally {
            net.setWeightsRequireGradient(true);
        }
        var out = new java.util.LinkedHashMap<String, NDArray>();
        for (var e : net.architectureParameters().entrySet()) {
            try (NDArray g = e.getValue().getGradient()) {
                out.put(e.getKey(), attach(step, g.duplicate()));
                zero(e.getValue(), g);
            }
        }
        return out;
    }

    private void restore(List<NDArray> backup) {
        try (Autograd.Scope off = Autograd.off()) { // in-place on leaves: see secondOrderGradient
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i).getArray();
                w.subi(w).addi(backup.get(i));
            }
        }
    }

    /** Weight step: alphas are cut from the graph; gradients clipped to the norm {@code gradClip}, then SGD. */
    public BatchResult weightStep(NDManager step, NDArray xTrain, NDArray yTrain) {
        BatchResult r = lossAndBackward(step, xTrain, yTrain, false);
        List<NDArray> grads = new ArrayList<>(weights.size());
        NDList norms = new NDList(weights.size());
        for (Parameter p : weights) {
            NDArray g = attach(step, p.getArray().getGradient());
            grads.add(g);
            norms.add(attach(step, g.norm()));
        }
        float total = attach(step, attach(step, NDArrays.stack(norms)).norm()).getFloat();
        if (total > hyper.gradClip()) {
            float scale = hyper.gradClip() / (total + 1e-6f);
            for (NDArray g : grads) {
                g.muli(scale);
            }
        }
        for (int i = 0; i < weights.size(); i++) {
            Parameter p = weights.get(i);
            weightOptimizer.update(p.getId(), p.getArray(), grads.get(i));
            zero(p.getArray(), grads.get(i));
        }
        return r;
    }

    /** Forward and backward of the cross-entropy loss; the caller reads (and zeroes) the gradients. */
    BatchResult lossAndBackward(NDManager step, NDArray x, NDArray y, boolean archGradient) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray logits = net.forward(step, x, true, archGradient);
            NDArray loss = crossEntropy(logits, y);
            gc.backward(loss);
            return new BatchResult(loss.getFloat(), correct(logits, y), (int) y.size());
        }
    }

    /** Loss without gradients (weights and alphas as they are), e.g. for the finite-difference checks. */
    public BatchResult evaluate(NDManager step, NDArray x, NDArray y) {
        NDArray logits = net.forward(step, x, true, false);
        return new BatchResult(crossEntropy(logits, y).getFloat(), correct(logits, y), (int) y.size());
    }

    static NDArray crossEntropy(NDArray logits, NDArray labels) {
        NDArray picked = logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    private static int correct(NDArray logits, NDArray labels) {
        long[] pred = logits.argMax(1).toLongArray();
        long[] truth = labels.toLongArray();
        int c = 0;
        for (int i = 0; i < pred.length; i++) {
            c += pred[i] == truth[i] ? 1 : 0;
        }
        return c;
    }

    /** Sets a gradient to zero in place (PyTorch accumulates gradients across backward passes). */
    static void zero(NDArray array, NDArray gradient) {
        if (array instanceof PtNDArray pt) {
            JniUtils.zeroGrad(pt);
        } else {
            gradient.subi(gradient);
        }
    }

    private static NDArray attach(NDManager step, NDArray a) {
        a.attach(step);
        return a;
    }

    public Supernet supernet() {
        return net;
    }

    public Hyper hyper() {
        return hyper;
    }
}
