package org.jnas.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.jnas.Jnas;

/**
 * Starts DJL's PyTorch engine once so that its native libraries (432 MB) are unpacked into the DJL cache at
 * set-up time, not in the middle of a user's first notebook cell.
 */
final class Warmup {
    private Warmup() {
    }

    static void main(String[] args) {
        Jnas.init();
        long t0 = System.nanoTime();
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager m = engine.newBaseManager()) {
            float sum = m.ones(new ai.djl.ndarray.types.Shape(4, 4)).sum().getFloat();
            System.out.printf("DJL %s engine %s ready (%.1f s, check %.0f)%n", Engine.getDjlVersion(),
                    engine.getVersion(), (System.nanoTime() - t0) / 1e9, sum);
        }
    }
}
