package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.jnas.Jnas;
import org.jnas.space.CellArchitecture;
import org.jnas.space.Genotypes;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

class CellNetworkTest {

    private static long[] forwardShape(Block net, NDManager m, Shape in) {
        net.initialize(m, DataType.FLOAT32, in);
        Shape declared = net.getOutputShapes(new Shape[] {in})[0];
        NDArray out = net.forward(new ParameterStore(m, false), new NDList(m.randomNormal(in)), true)
                .singletonOrThrow();
        assertEquals(declared, out.getShape(), "declared output shape matches the computed one");
        return out.getShape().getShape();
    }

    @Test
    void dartsV2GenotypeBecomesA10ClassNetworkOnFashionMnistShapes() {
        Jnas.init();
        CellArchitecture v2 = Spaces.darts().freeze(Spaces.darts().fromGenotype(Genotypes.DARTS_V2));
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Block net = CellNetwork.builder().channels(8).cells(5).build(v2);
            assertArrayEquals(new long[] {2, 10}, forwardShape(net, m, new Shape(2, 1, 28, 28)));
        }
    }

    @Test
    void nasBench201CellsIncludingAllNoneNodesBuild() {
        Jnas.init();
        var space = Spaces.nasBench201();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            for (String arch : new String[] {
                "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"}) {
                Block net = CellNetwork.builder().channels(8).cellsPerStage(1).classes(10)
                        .build(space.freeze(space.fromArchString(arch)));
                assertArrayEquals(new long[] {3, 10}, forwardShape(net, m, new Shape(3, 1, 28, 28)), arch);
            }
        }
    }
}
