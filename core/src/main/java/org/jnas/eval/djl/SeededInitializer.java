package org.jnas.eval.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Random;

/**
 * Overwrites the weights of an initialized block from a Java generator seeded per evaluation, so that the starting
 * point of training depends only on the seed: not on DJL's global random state, nor on other evaluations running
 * in the same JVM. Weights (convolution kernels, linear matrices) get PyTorch's default
 * {@code U(-1/sqrt(fan_in), 1/sqrt(fan_in))}; biases 0; BatchNorm scale 1 and shift 0 (DJL's own constants). A
 * network initialized in float64 gets the same values as in float32 (the zero-cost proxy synflow runs in float64).
 */
public final class SeededInitializer {
    private SeededInitializer() {
    }

    public static void apply(Block initialized, long seed) {
        Random rng = new Random(seed);
        for (Pair<String, Parameter> p : initialized.getParameters()) {
            Parameter param = p.getValue();
            if (param.getType() != Parameter.Type.WEIGHT || !param.requiresGradient()) {
                continue;
            }
            NDArray w = param.getArray();
            long[] shape = w.getShape().getShape();
            long fanIn = w.size() / shape[0];
            double bound = 1 / Math.sqrt(Math.max(1, fanIn));
            float[] values = new float[Math.toIntExact(w.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            if (w.getDataType() == ai.djl.ndarray.types.DataType.FLOAT64) {
                // the same (float-rounded) values as a float32 network gets from this seed
                double[] wide = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    wide[i] = values[i];
                }
                w.set(wide);
            } else {
                w.set(values);
            }
        }
    }
}
