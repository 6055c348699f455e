package org.jnas.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpacesTest {

    @Test
    void nasBench201HasTheBenchmarksSizeAndStringForm() {
        CellSpace space = Spaces.nasBench201();
        assertEquals(BigInteger.valueOf(15_625), space.size());
        assertEquals(6, space.choices().size());
        String arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        Sample s = space.fromArchString(arch);
        assertEquals("avg_pool_3x3", s.get("1->2"));
        assertEquals(arch, space.toArchString(s));
        CellArchitecture a = space.freeze(s);
        assertEquals(6, a.cell("cell").edges().size());
        assertEquals(List.of(3), a.cell("cell").outputs());
    }

    @Test
    void dartsV2GenotypeRoundTripsAsASetOfEdges() {
        DartsSpace space = Spaces.darts();
        Sample v2 = space.fromGenotype(Genotypes.DARTS_V2);
        CellArchitecture arch = space.freeze(v2);
        assertEquals(8, arch.cell("normal").edges().size());
        assertEquals("0,2", v2.get("normal/5/inputs"));
        assertEquals("dil_conv_3x3", v2.get("normal/5/op1"));
        // printing and re-parsing gives the same sample
        assertEquals(v2, space.fromGenotype(space.toGenotype(v2)));
        assertEquals(new HashSet<>(space.freeze(space.fromGenotype(Genotypes.DARTS_V1)).cells()).size(), 2);
    }

    @Test
    void everySpaceSamplesFreezesAndRoundTripsThroughJson() {
        for (SearchSpace space : List.of(Spaces.nasBench201(), Spaces.darts(), Spaces.mobile(),
                ChoiceSpace.of("mlp", Choice.of("layers", 1, 2, 3), Choice.of("act", "relu", "gelu")),
                CellSpace.builder("tiny").inputs(1).nodes(2).ops("skip_connect", "nor_conv_3x3").build())) {
            Random rng = new Random(7);
            Sample s = space.sample(rng);
            space.freeze(s);
            Sample m = space.mutate(s, rng);
            assertNotEquals(s, m, space.name());
            space.freeze(m);
            SearchSpace back = Spaces.fromJson(Spaces.toJson(space));
            assertEquals(space, back, space.name());
            assertEquals(s, back.freeze(s).sample());
            assertTrue(space.toString().contains(space.size().toString()), space.toString());
        }
    }

    @Test
    void badDefinitionsNameTheProblem() {
        var e = assertThrows(SpaceDefinitionException.class,
                () -> CellSpace.builder("x").ops("skip_connect", "conv_7x7").build());
        assertTrue(e.getMessage().contains("unknown operation 'conv_7x7'"), e.getMessage());
        e = assertThrows(SpaceDefinitionException.class, () -> Choice.of("width"));
        assertTrue(e.getMessage().contains("no options"), e.getMessage());
        e = assertThrows(SpaceDefinitionException.class,
                () -> ChoiceSpace.of("dup", Choice.of("a", 1, 2), Choice.of("a", 3)));
        assertTrue(e.getMessage().contains("'a' twice"), e.getMessage());
        e = assertThrows(SpaceDefinitionException.class, () -> CellSpace.builder("dangling").inputs(1).nodes(3)
                .ops("skip_connect").edge(0, 1).edge(1, 3).edge(0, 3).build());
        assertTrue(e.getMessage().contains("node 2 is dangling: no edge enters it"), e.getMessage());
        e = assertThrows(SpaceDefinitionException.class, () -> Spaces.fromJson(
                "{\"type\":\"cell\",\"name\":\"j\",\"inputs\":1,\"nodes\":2,\"ops\":[\"sep_conv_9x9\"]}"));
        assertTrue(e.getMessage().contains("sep_conv_9x9"), e.getMessage());
    }
}
