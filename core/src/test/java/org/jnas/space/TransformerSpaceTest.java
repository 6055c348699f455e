package org.jnas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformerSpaceTest {

    @Test
    void layerWiseChoicesAndVariableDepth() {
        var space = TransformerSpace.builder("t").patches(4, 7).widths(16, 32).depths(1, 2).heads(1, 2)
                .mlpRatios(2.0, 4.0).build();
        assertEquals(List.of("patch", "width", "depth", "l0/heads", "l0/mlp", "l1/heads", "l1/mlp"),
                space.choices().stream().map(Choice::label).toList());
        assertEquals(BigInteger.valueOf(2 * 2 * 2 * 16), space.size());
        // depth 1: the second layer's choices stay in the sample but make no layer
        var shallow = space.freeze(space.sampleOf(7, 32, 1, 2, 4.0, 1, 2.0));
        assertEquals(1, shallow.depth());
        assertEquals(new TransformerArchitecture.Layer(2, 4.0), shallow.layers().get(0));
        assertEquals(128, shallow.layers().get(0).hidden(32));
        var deep = space.freeze(space.sampleOf(4, 16, 2, 2, 4.0, 1, 2.0));
        assertEquals(List.of(new TransformerArchitecture.Layer(2, 4.0), new TransformerArchitecture.Layer(1, 2.0)),
                deep.layers());
        assertEquals("patch 4 -> width 16 -> [2h mlp4, 1h mlp2]", deep.toString());
    }

    @Test
    void headsThatDoNotDivideAWidthAreRefusedNamingTheChoice() {
        var e = assertThrows(SpaceDefinitionException.class, () -> TransformerSpace.builder("bad").patches(4)
                .widths(16, 24).depths(1, 2).heads(1, 16).build());
        assertTrue(e.getMessage().contains("'l0/heads'") && e.getMessage().contains("16 heads")
                && e.getMessage().contains("width 24") && e.getMessage().contains("'width'"), e.getMessage());
        var noPatch = assertThrows(SpaceDefinitionException.class, () -> TransformerSpace.builder("p").widths(8)
                .build());
        assertTrue(noPatch.getMessage().contains("'patch'"), noPatch.getMessage());
        var ratio = assertThrows(SpaceDefinitionException.class, () -> TransformerSpace.builder("r").patches(4)
                .widths(8).mlpRatios(0.0).build());
        assertTrue(ratio.getMessage().contains("'l<i>/mlp'"), ratio.getMessage());
    }

    @Test
    void jsonRoundTripKeepsTheSpaceAndItsSamples() {
        var space = Spaces.vit();
        SearchSpace back = Spaces.fromJson(Spaces.toJson(space));
        assertEquals(space, back);
        var tuned = space.withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 3e-3).batchSizes(32, 64)
                .augment(false, true).build());
        SearchSpace tunedBack = Spaces.fromJson(Spaces.toJson(tuned));
        assertEquals(tuned, tunedBack);
        Sample s = tuned.sample(new Random(5));
        assertEquals(tuned.freeze(s), tunedBack.freeze(s));
        assertTrue(Spaces.toJson(tuned).contains("\"type\" : \"tuned\"") || Spaces.toJson(tuned).contains("\"tuned\""),
                Spaces.toJson(tuned));
    }

    @Test
    void hyperparametersJoinAnySpaceInOneLine() {
        var chain = Spaces.mobile().withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 1e-2)
                .optimizers("adam", "sgd").epochs(2).build());
        List<String> labels = chain.choices().stream().map(Choice::label).toList();
        assertEquals(List.of("hp/lr", "hp/optimizer"), labels.subList(labels.size() - 2, labels.size()));
        assertEquals(Spaces.mobile().size().multiply(BigInteger.valueOf(4)), chain.size());
        var arch = chain.freeze(chain.sample(new Random(1)));
        assertInstanceOf(ChainArchitecture.class, arch.architecture());
        assertEquals(2, arch.training().epochs()); // a single option fixes it for every trial
        assertTrue(List.of(1e-3, 1e-2).contains(arch.training().learningRate()));
        assertEquals(null, arch.training().batchSize()); // not given: the evaluator's own
        var bad = assertThrows(SpaceDefinitionException.class, () -> Hyperparameters.builder()
                .optimizers("adam", "lbfgs").build());
        assertTrue(bad.getMessage().contains("'hp/optimizer'") && bad.getMessage().contains("lbfgs"));
        assertThrows(SpaceDefinitionException.class, () -> Hyperparameters.builder().learningRates(-1.0).build());
        assertThrows(SpaceDefinitionException.class, () -> Hyperparameters.builder().build());
        var twice = assertThrows(SpaceDefinitionException.class, () -> chain.withHyperparameters(
                Hyperparameters.builder().learningRates(0.1).build()));
        assertTrue(twice.getMessage().contains("once"), twice.getMessage());
    }
}
