package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.jnas.Jnas;
import org.jnas.space.CellSpace;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.Sample;
import org.junit.jupiter.api.Test;

class InferencePassTest {

    private static final Shape IN = new Shape(16, 1, 28, 28);

    /** B4's cell network; and a chain network, whose blocks are sequential inside sequential. */
    private static List<Block> networks() {
        var space = CellSpace.builder("quickstart").inputs(1).nodes(2)
                .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
        Block cells = new NetworkBuilder().channels(8).cellsPerStage(1).build(space.freeze(space.fromArchString(
                "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|")));
        Block chain = new NetworkBuilder().build(new ChainArchitecture(Sample.of(java.util.Map.of()), 8, List.of(
                new ChainArchitecture.Block("mbconv", 8, 3, 1, 3), new ChainArchitecture.Block("dwsep", 16, 5, 2, 1))));
        return List.of(cells, chain);
    }

    @Test
    void scoringGivesTheSameOutputsAndHoldsOnlyItsInputAndOutput() {
        Jnas.init();
        Libtorch.prepare();
        for (Block net : networks()) {
            try (NDManager m = NDManager.newBaseManager();
                 Autograd.Scope off = Autograd.off()) {
                net.initialize(m, DataType.FLOAT32, IN);
                var ps = new ParameterStore(m, false);
                m.getEngine().setRandomSeed(3);
                float[] image = m.randomNormal(IN).toFloatArray();
                try (NDManager plainBatch = m.newSubManager(); NDManager passBatch = m.newSubManager()) {
                    NDArray x1 = plainBatch.create(image, IN);
                    NDArray x2 = passBatch.create(image, IN);
                    float[] plain = net.forward(ps, new NDList(x1), false).singletonOrThrow().toFloatArray();
                    NDArray out = InferencePass.forward(net, ps, new NDList(x2)).singletonOrThrow();

                    assertArrayEquals(plain, out.toFloatArray(), 0f, "the same ops in the same order: bit for bit");
                    assertEquals(IN.get(0), out.getShape().get(0));
                    assertTrue(plainBatch.getManagedArrays().size() > 20, "DJL's own forward keeps every layer's"
                            + " arrays until the batch closes: " + plainBatch.getManagedArrays().size());
                    assertEquals(2, passBatch.getManagedArrays().size(), "the batch holds its input and the output,"
                            + " nothing in between: " + passBatch.getManagedArrays());
                    assertArrayEquals(image, x2.toFloatArray(), 0f, "the input is still there, unchanged");
                }
            }
        }
    }

    @Test
    void anOutputThatLivesElsewhereIsNotFreedWithTheBatch() {
        Jnas.init();
        Libtorch.prepare();
        try (NDManager m = NDManager.newBaseManager();
             Autograd.Scope off = Autograd.off()) {
            NDArray constant = m.create(new float[] {1, 2, 3});
            var net = new ai.djl.nn.SequentialBlock().add(x -> new NDList(x.singletonOrThrow().mul(2)))
                    .add(x -> new NDList(constant));
            net.initialize(m, DataType.FLOAT32, new Shape(3));
            try (NDManager batch = m.newSubManager()) {
                NDArray out = InferencePass.forward(net, new ParameterStore(m, false),
                        new NDList(batch.create(new float[] {4, 5, 6}))).singletonOrThrow();
                assertEquals(m, out.getManager(), "the constant stays with its own manager");
            }
            assertArrayEquals(new float[] {1, 2, 3}, constant.toFloatArray(), 0f, "still alive after the batch closed");
        }
    }
}
