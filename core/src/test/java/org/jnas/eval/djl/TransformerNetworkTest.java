package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.jnas.Jnas;
import org.jnas.eval.EvaluationFailedException;
import org.jnas.eval.cost.Costs;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.TransformerArchitecture;
import org.jnas.space.TransformerSpace;
import org.junit.jupiter.api.Test;

class TransformerNetworkTest {

    @Test
    void everyChoiceCombinationOfASmallSpaceBuildsAndGivesLogitsPerImage() {
        Jnas.init();
        var space = TransformerSpace.builder("small").stems(0, 4).patches(4, 7).widths(8, 16).depths(1, 2)
                .heads(1, 2).mlpRatios(1.0, 2.0).build();
        var network = new NetworkBuilder();
        int built = 0;
        for (Sample s : all(space)) {
            try (NDManager m = NDManager.newBaseManager()) {
                Block b = network.build(space.freeze(s));
                b.initialize(m, DataType.FLOAT32, network.inputShape(3));
                NDArray out = b.forward(new ParameterStore(m, false), new NDList(m.randomUniform(0, 1,
                        network.inputShape(3))), false).singletonOrThrow();
                assertEquals(new Shape(3, 10), out.getShape(), s.toString());
                assertEquals(new Shape(3, 10), b.getOutputShapes(new Shape[] {network.inputShape(3)})[0]);
                built++;
            }
        }
        assertEquals(space.size().intValueExact(), built);
    }

    /** Every sample of a (small) space, choice by choice. */
    static List<Sample> all(SearchSpace space) {
        var out = new java.util.ArrayList<Sample>();
        out.add(Sample.of(Map.of()));
        for (var c : space.choices()) {
            var next = new java.util.ArrayList<Sample>();
            for (Sample s : out) {
                for (Object o : c.options()) {
                    next.add(s.with(c.label(), o));
                }
            }
            out = next;
        }
        return out;
    }

    @Test
    void paramsAndMacsMatchHandCountsForOneConfiguration() {
        Jnas.init();
        // stem 4, patch 7 (16 tokens), width 16, one layer of 2 heads with MLP ratio 2, 10 classes, 1x28x28 input
        var arch = new TransformerArchitecture(Sample.of(Map.of()), 4, 7, 16,
                List.of(new TransformerArchitecture.Layer(2, 2.0)));
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = new NetworkBuilder().build(arch);
            b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
            long stem = 3 * 3 * 1 * 4 + 2 * 4;                 // conv (no bias) + BN scale and shift
            long patches = 7 * 7 * 4 * 16 + 16 * 16;           // conv (no bias) + position embedding (16 tokens)
            long attention = 4 * (16 * 16 + 16);               // q, k, v, out projections with bias
            long mlp = (16 * 32 + 32) + (32 * 16 + 16);        // linear 16->32, linear 32->16, with bias
            long norms = 3 * 2 * 16;                           // two in the layer, one before the head
            long head = 16 * 10 + 10;
            assertEquals(stem + patches + attention + mlp + norms + head, Costs.parameters(b));
            long macs = 3 * 3 * 1 * 4 * 28 * 28                // stem conv
                    + 7 * 7 * 4 * 16 * 16                      // patch conv: 16 output positions
                    + 4 * 16 * 16 * 16                         // four projections on 16 tokens
                    + 2 * 16 * 16 * 16                         // Q K^T and weights x V: 2 * tokens^2 * width
                    + 2 * 16 * 32 * 16                         // MLP on 16 tokens
                    + 16 * 10;                                 // head
            assertEquals(macs, Costs.macs(b));
        }
    }

    @Test
    void aPatchThatDoesNotDivideTheImageFailsWithTheFix() {
        var arch = new TransformerArchitecture(Sample.of(Map.of()), 0, 5, 8,
                List.of(new TransformerArchitecture.Layer(1, 1.0)));
        var e = assertThrows(RuntimeException.class, () -> new NetworkBuilder().build(arch));
        assertTrue(e.getMessage().contains("patch 5") && e.getMessage().contains("28x28"), e.getMessage());
    }
}
