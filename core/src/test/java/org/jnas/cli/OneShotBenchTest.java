package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import org.jnas.space.Spaces;
import org.jnas.space.TransformerArchitecture;
import org.junit.jupiter.api.Test;

/** B5's transformer variant: its ground-truth sample and its argument checks (the run itself is a benchmark). */
class OneShotBenchTest {

    @Test
    void theTransformerGroundTruthIsNDistinctNetworksDrawnReproducibly() {
        var space = Spaces.vit();
        var samples = OneShotBench.distinctTransformers(space, 30);
        assertEquals(30, samples.size());
        assertEquals(samples, OneShotBench.distinctTransformers(space, 30), "seed 0 both times");
        var networks = new HashSet<String>();
        for (var s : samples) {
            TransformerArchitecture a = space.freeze(s);
            networks.add(a.toString());
            // layers beyond the depth do not change the network: their choices sit at the first option
            for (int i = a.depth(); i < space.maxDepth(); i++) {
                assertEquals(space.heads().get(0), s.get("l" + i + "/heads"), s.toString());
                assertEquals(space.mlpRatios().get(0), s.get("l" + i + "/mlp"), s.toString());
            }
        }
        assertEquals(30, networks.size(), "no network twice");
    }

    @Test
    void badArgumentsAreRefusedBeforeAnyTraining() {
        PrintStream err = System.err;
        var e = new ByteArrayOutputStream();
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, OneShotBench.run(new String[] {"--space", "resnet"}));
            assertEquals(2, OneShotBench.run(new String[] {"--space", "vit", "--archs", "3"}));
        } finally {
            System.setErr(err);
        }
        String text = e.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("'resnet'") && text.contains("--archs must be at least 8"), text);
    }
}
