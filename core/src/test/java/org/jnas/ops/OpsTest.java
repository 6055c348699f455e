package org.jnas.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.jnas.Jnas;
import org.junit.jupiter.api.Test;

class OpsTest {

    @Test
    void everyRegisteredOpKeepsChannelsAndAppliesItsStride() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (String name : Ops.names()) {
                for (int stride : new int[] {1, 2}) {
                    for (int size : new int[] {8, 7}) {
                        Block b = Ops.get(name).create(4, stride, false);
                        Shape in = new Shape(2, 4, size, size);
                        b.initialize(m, DataType.FLOAT32, in);
                        NDList out = b.forward(new ParameterStore(m, false),
                                new NDList(m.randomNormal(in)), true);
                        long expect = (size + stride - 1) / stride;
                        assertArrayEquals(new long[] {2, 4, expect, expect}, out.singletonOrThrow().getShape()
                                .getShape(), name + " stride " + stride + " size " + size);
                    }
                }
            }
        }
    }

    @Test
    void familiesDriveRenderingAndCollapseRemedies() {
        assertEquals(OpFamily.NONE, Ops.family("none"));
        assertEquals(OpFamily.SKIP, Ops.family("skip_connect"));
        assertEquals(OpFamily.POOL, Ops.family("max_pool_3x3"));
        assertEquals(OpFamily.CONV, Ops.family("sep_conv_5x5"));
    }
}
