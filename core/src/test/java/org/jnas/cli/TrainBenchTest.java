package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code ./jnas bench train}'s options are checked before any data is loaded or any trial runs. */
class TrainBenchTest {
    @Test
    void profileWithoutThePeerIsRefusedWithTheFix() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--profile"}));
        assertTrue(e.getMessage().contains("--with-peer"), e.getMessage());
    }

    @Test
    void profileWithSeveralWorkersIsRefused() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainBench.run(new String[] {"--with-peer", "--workers", "2", "--profile"}));
        assertTrue(e.getMessage().contains("--workers 1"), e.getMessage());
    }

    @Test
    void unknownOptionsNameTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainBench.run(new String[] {"--round", "3"}));
        assertTrue(e.getMessage().contains("--rounds N") || e.getMessage().contains("--repeats N"), e.getMessage());
    }
}
