package org.jnas.eval.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.Map;
import org.jnas.Jnas;
import org.jnas.eval.djl.CellBlock;
import org.jnas.eval.djl.CellNetwork;
import org.jnas.eval.djl.ChainNetwork;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.junit.jupiter.api.Test;

/** Parameters and MACs against values worked out by hand from the layer formulas. */
class CostsTest {

    private static long[] count(Block b, Shape in) {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            b.initialize(m, DataType.FLOAT32, in);
            return new long[] {Costs.parameters(b), Costs.macs(b)};
        }
    }

    @Test
    void singleConvolution() {
        // 3x3, 1 -> 8 channels, same padding on 28x28, no bias: 9*1*8 weights; 9*1*8*28*28 MACs
        long[] c = count(Ops.conv(8, 3, 1, 1, 1, 1), new Shape(1, 1, 28, 28));
        assertEquals(72, c[0]);
        assertEquals(56_448, c[1]);
    }

    @Test
    void macsArePerImageWhateverTheBatch() {
        assertEquals(56_448, count(Ops.conv(8, 3, 1, 1, 1, 1), new Shape(4, 1, 28, 28))[1]);
    }

    @Test
    void depthwiseSeparableBlock() {
        // 8 -> 16, 3x3, stride 2, 14x14 -> 7x7
        // depthwise: 9*8 weights, 9*(8/8)*8*49 = 3,528 MACs; BN 2*8
        // pointwise: 8*16 weights, 8*16*49 = 6,272 MACs; BN 2*16
        long[] c = count(ChainNetwork.depthwiseSeparable(8, 16, 3, 2), new Shape(1, 8, 14, 14));
        assertEquals(72 + 16 + 128 + 32, c[0]);
        assertEquals(3_528 + 6_272, c[1]);
    }

    @Test
    void tinyNasBench201Cell() {
        // C=4 on 8x8: nor_conv_3x3 (9*4*4 = 144 weights, 144*64 = 9,216 MACs, BN 8), skip (0), none (0),
        // nor_conv_1x1 (16 weights, 16*64 = 1,024 MACs, BN 8), avg_pool_3x3 (0 MACs, BN 8), none (0)
        var space = Spaces.nasBench201();
        Cell cell = space.freeze(space.fromArchString("|nor_conv_3x3~0|+|skip_connect~0|none~1|"
                + "+|nor_conv_1x1~0|none~1|avg_pool_3x3~2|")).cells().get(0);
        long[] c = count(new CellBlock(cell, List.of(Ops.identity()), false, 4, CellNetwork.discreteEdges(true)),
                new Shape(1, 4, 8, 8));
        assertEquals(144 + 8 + 16 + 8 + 8, c[0]);
        assertEquals(9_216 + 1_024, c[1]);
    }

    @Test
    void wholeChainNetworkWithClassifier() {
        // stem 3x3 1->8 on 28x28: 72 weights + BN 16, 56,448 MACs
        // conv 3x3 8->16 stride 2 -> 14x14: 1,152 weights + BN 32, 1,152*196 = 225,792 MACs
        // GAP, linear 16->10: 160 weights + 10 biases, 160 MACs
        var arch = new ChainArchitecture(Sample.of(Map.of()), 8,
                List.of(new ChainArchitecture.Block("conv", 16, 3, 2, 1)));
        var builder = new NetworkBuilder();
        long[] c = count(builder.build(arch), builder.inputShape(1));
        assertEquals(72 + 16 + 1_152 + 32 + 160 + 10, c[0]);
        assertEquals(56_448 + 225_792 + 160, c[1]);
    }

    @Test
    void uninitializedNetworkIsAClearError() {
        var e = assertThrows(IllegalStateException.class, () -> Costs.macs(Ops.conv(8, 3, 1, 1, 1, 1)));
        assertTrue(e.getMessage().contains("initialize"), e.getMessage());
    }

    @Test
    void latencyIsAPositiveMedianAndGrowsWithWork() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var builder = new NetworkBuilder();
            Block small = builder.build(new ChainArchitecture(Sample.of(Map.of()), 4, List.of()));
            Block large = builder.build(new ChainArchitecture(Sample.of(Map.of()), 64,
                    List.of(new ChainArchitecture.Block("conv", 128, 5, 1, 1))));
            small.initialize(m, DataType.FLOAT32, builder.inputShape(1));
            large.initialize(m, DataType.FLOAT32, builder.inputShape(1));
            var latency = new Latency(2, 5, 1);
            // one untimed measurement of each first: the process's first convolutions also pay for setting up the
            // engine's kernels (the stem took 12 ms cold against 7.6 ms for the large net after it, in a whole-suite
            // run on libtorch 1.13), which is not what this test compares
            latency.measureMs(small, m, new Shape(1, 28, 28));
            latency.measureMs(large, m, new Shape(1, 28, 28));
            double fast = latency.measureMs(small, m, new Shape(1, 28, 28));
            double slow = latency.measureMs(large, m, new Shape(1, 28, 28));
            assertTrue(fast > 0 && fast < 1000, "small net latency " + fast);
            assertTrue(slow > fast, "a 64->128 5x5 conv at 28x28 (" + slow + " ms) is slower than a 4-channel stem ("
                    + fast + " ms)");
        }
        assertThrows(IllegalArgumentException.class, () -> new Latency(0, 0, 1));
    }
}
