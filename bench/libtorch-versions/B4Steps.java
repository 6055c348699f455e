import ai.djl.Model;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.nn.*;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.*;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.*;

/**
 * B4's network (../shared/bench/train_reference.py) in plain DJL blocks, written against the API that DJL 0.21 and 0.36
 * share: times rounds of 188 Adam steps (one B4 epoch) at batch 64 on one fixed batch. PARAMS counts DJL's parameters,
 * which include batch norm's running mean and variance: 43,506 = the peer's 43,010 trainable ones + 2 x 248 channels.
 */
public class B4Steps {
    static Block conv(int out, int k, int s) {
        return Conv2d.builder().setKernelShape(new Shape(k, k)).optStride(new Shape(s, s))
                .optPadding(new Shape(k / 2, k / 2)).optBias(false).setFilters(out).build();
    }
    static Block rcb(int out, int k, int s) {
        return new SequentialBlock().add(Activation.reluBlock()).add(conv(out, k, s)).add(BatchNorm.builder().build());
    }
    static Block sum(Block a, Block b) {
        return new ParallelBlock(l -> new NDList(l.get(0).singletonOrThrow().add(l.get(1).singletonOrThrow())),
                Arrays.asList(a, b));
    }
    static Block cell(int c) {
        return sum(Blocks.identityBlock(), new SequentialBlock().add(rcb(c, 3, 1)).add(rcb(c, 3, 1)));
    }
    static Block reduction(int c) {
        return sum(new SequentialBlock().add(rcb(c, 3, 2)).add(rcb(c, 3, 1)),
                new SequentialBlock().add(Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2))).add(conv(c, 1, 1)));
    }
    public static void main(String[] a) throws Exception {
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance(); // loads libtorch before the JNI calls below
        ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.getInteger("t", 2));
        ai.djl.pytorch.jni.JniUtils.setNumInteropThreads(1);
        System.out.println("ENGINE " + engine.getEngineName() + " " + engine.getVersion());
        int c = 8, B = 64;
        SequentialBlock net = new SequentialBlock().add(conv(c, 3, 1)).add(BatchNorm.builder().build()).add(cell(c))
                .add(reduction(2 * c)).add(cell(2 * c)).add(reduction(4 * c)).add(cell(4 * c))
                .add(BatchNorm.builder().build()).add(Activation.reluBlock()).add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(10).build());
        try (Model model = Model.newInstance("b4")) {
            model.setBlock(net);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            var config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()).optOptimizer(adam);
            try (Trainer tr = model.newTrainer(config)) {
                tr.initialize(new Shape(B, 1, 28, 28));
                long params = 0;
                for (var p : net.getParameters()) params += p.getValue().getArray().size();
                System.out.println("PARAMS " + params);
                NDManager m = tr.getManager();
                NDArray x = m.randomUniform(0, 1, new Shape(B, 1, 28, 28));
                NDArray y = m.randomInteger(0, 10, new Shape(B), DataType.INT32).toType(DataType.FLOAT32, false);
                Loss loss = Loss.softmaxCrossEntropyLoss();
                int steps = Integer.getInteger("steps", 188);
                for (int round = 0; round < Integer.getInteger("rounds", 6); round++) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        try (NDManager sm = m.newSubManager()) {
                            NDArray xs = x.duplicate(); xs.attach(sm);
                            try (GradientCollector gc = tr.newGradientCollector()) {
                                NDList preds = tr.forward(new NDList(xs));
                                NDArray l = loss.evaluate(new NDList(y), preds);
                                gc.backward(l);
                                preds.attach(sm); l.attach(sm);
                            }
                            tr.step();
                        }
                    }
                    System.out.printf("ROUND %d %.3f s for %d steps%n", round, (System.nanoTime() - t0) / 1e9, steps);
                }
            }
        }
    }
}
