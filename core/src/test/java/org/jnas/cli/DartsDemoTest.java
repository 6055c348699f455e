package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code ./jnas darts-demo}: the DARTS cell against a random cell over several seeds, with a verdict. The run
 * itself retrains C=16, 5-cell networks 2k times (minutes on 2 cores), so only its refusal is a unit test; the
 * whole command was run once as a temporary test (4 retrainings of 25-87 s each on a loaded machine) with
 * {@code --epochs 1 --search-images 64 --retrain-epochs 1 --retrain-images 128 --test-images 100 --seeds 2}.
 */
class DartsDemoTest {

    @Test
    void oneSeedIsRefusedBeforeTheSearch() {
        var e = assertThrows(IllegalArgumentException.class, () -> DartsDemo.main(new String[] {"--seeds", "1"}));
        assertTrue(e.getMessage().contains("--seeds must be at least 2"), e.getMessage());
    }
}
