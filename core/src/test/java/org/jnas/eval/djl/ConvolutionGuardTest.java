package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import org.jnas.Jnas;
import org.jnas.ops.Ops;
import org.junit.jupiter.api.Test;

class ConvolutionGuardTest {

    /** {in, out, kernel, stride}: channel counts that are not multiples of 8, on either side or both. */
    private static final int[][] SHAPES = {{3, 5, 3, 1}, {4, 12, 3, 2}, {12, 20, 5, 1}, {8, 12, 3, 1},
        {12, 16, 3, 2}, {20, 3, 3, 1}, {80, 16, 3, 2}};

    @Test
    void aPaddedConvolutionGivesTheSameOutputAndGradientsAsTheConvolutionItself() {
        Jnas.init();
        Libtorch.prepare();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(3);
            for (int[] s : SHAPES) {
                int size = 10;
                int out = (size + 2 * (s[2] / 2) - s[2]) / s[3] + 1;
                // float64 runs libtorch's own kernels (oneDNN runs no float64): the padding alone is compared
                NDArray x = m.randomNormal(new Shape(3, s[0], size, size)).toType(DataType.FLOAT64, false);
                NDArray w = m.randomNormal(new Shape(s[1], s[0], s[2], s[2])).toType(DataType.FLOAT64, false);
                NDArray g = m.randomNormal(new Shape(3, s[1], out, out)).toType(DataType.FLOAT64, false);
                assertTrue(ConvolutionGuard.padded(w.getShape(), 1, s[3], ConvolutionGuard.BLOCK),
                        "padded: " + w.getShape());
                NDArray[] plain = ConvolutionCheck.convolve(x, w, g, s[3], 1, 0);
                NDArray[] padded = ConvolutionCheck.convolve(x, w, g, s[3], 1, ConvolutionGuard.BLOCK);
                String[] part = {"output", "input gradient", "weight gradient"};
                for (int i = 0; i < 3; i++) {
                    assertEquals(plain[i].getShape(), padded[i].getShape(), part[i] + " of " + shape(s));
                    double err = ConvolutionCheck.relativeError(padded[i], plain[i]);
                    assertTrue(err < 1e-12, part[i] + " of " + shape(s) + " off by " + err);
                }
            }
        }
    }

    @Test
    void onlyDenseConvolutionsLargerThanOneByOneWithChannelsOffTheBlockArePadded() {
        int b = ConvolutionGuard.BLOCK;
        assertTrue(ConvolutionGuard.padded(new Shape(12, 8, 5, 5), 1, 1, b));
        assertTrue(ConvolutionGuard.padded(new Shape(8, 20, 3, 3), 1, 1, b));
        assertTrue(ConvolutionGuard.padded(new Shape(5, 3, 3, 3), 1, 1, b), "outputs off the block");
        assertFalse(ConvolutionGuard.padded(new Shape(16, 8, 3, 3), 1, 1, b), "multiples of the block");
        assertFalse(ConvolutionGuard.padded(new Shape(8, 1, 3, 3), 1, 1, b), "a stem: fewer inputs than the block");
        assertFalse(ConvolutionGuard.padded(new Shape(16, 3, 3, 3), 1, 1, b), "a stem: fewer inputs than the block");
        assertFalse(ConvolutionGuard.padded(new Shape(12, 20, 1, 1), 1, 1, b), "1x1: right as it is");
        assertFalse(ConvolutionGuard.padded(new Shape(12, 1, 3, 3), 12, 1, b), "depthwise: right as it is");
        assertTrue(ConvolutionGuard.padded(new Shape(16, 80, 3, 3), 1, 2, b), "wide strided inputs: to 32");
        assertEquals(96, ConvolutionGuard.paddedInput(80, 2, b));
        assertEquals(128, ConvolutionGuard.paddedInput(112, 2, b));
        assertEquals(64, ConvolutionGuard.paddedInput(64, 2, b));
        assertEquals(80, ConvolutionGuard.paddedInput(80, 1, b), "not strided: multiples of the block stay");
        assertFalse(ConvolutionGuard.padded(new Shape(16, 80, 3, 3), 1, 1, b));
    }

    @Test
    void opsConvolutionsAreDjlConvolutionsThatComputeTheSame() {
        Jnas.init();
        Libtorch.prepare();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            m.getEngine().setRandomSeed(5);
            Block conv = Ops.conv(12, 3, 1, 1, 1, 1); // 12 channels: padded where this process pads
            assertInstanceOf(Conv2d.class, conv, "costs, memory and initialization treat it as DJL's Conv2d");
            conv.setInitializer(new NormalInitializer(), ai.djl.nn.Parameter.Type.WEIGHT);
            conv.initialize(m, DataType.FLOAT32, new Shape(2, 4, 9, 9));
            NDArray x = m.randomNormal(new Shape(2, 4, 9, 9));
            NDArray y = conv.forward(new ParameterStore(m, false), new NDList(x), false).singletonOrThrow();
            NDArray w = conv.getParameters().get("weight").getArray();
            NDArray expected = Conv2d.conv2d(x.toType(DataType.FLOAT64, false), w.toType(DataType.FLOAT64, false),
                    null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).singletonOrThrow();
            assertEquals(new Shape(2, 12, 9, 9), y.getShape());
            double err = ConvolutionCheck.relativeError(y, expected);
            assertTrue(err <= ConvolutionCheck.TOLERANCE, "off by " + err + "; " + ConvolutionCheck.describe());
        }
    }

    private static String shape(int[] s) {
        return s[0] + "-to-" + s[1] + " " + s[2] + "x" + s[2] + " stride " + s[3];
    }
}
