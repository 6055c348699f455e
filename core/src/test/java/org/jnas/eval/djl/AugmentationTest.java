package org.jnas.eval.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.jnas.Jnas;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void zeroPaddingSurroundsTheImagesWithZerosAndKeepsThemInTheMiddle() {
        Jnas.init();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 19f).reshape(2, 1, 3, 3); // 1..18, no zero among them
            NDArray padded = Augmentation.zeroPad(x, 2);
            assertEquals(new Shape(2, 1, 7, 7), padded.getShape());
            assertArrayEquals(x.toFloatArray(), padded.get(":, :, 2:5, 2:5").toFloatArray());
            assertEquals(x.sum().getFloat(), padded.abs().sum().getFloat(), 0f, "the border must be all zeros");
        }
    }

    @Test
    void anAugmentedImageIsItsMirrorOrItselfShiftedByTheDrawnOffsetWithZerosInTheGap() {
        Jnas.init();
        int n = 3;
        int size = 4;
        int shift = Augmentation.MAX_SHIFT;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(1f, 1f + n * size * size).reshape(n, 1, size, size);
            float[] in = x.toFloatArray();
            for (int seed = 0; seed < 8; seed++) {
                float[] out = Augmentation.apply(x, new Random(seed)).toFloatArray();
                // the same draws, in the order Augmentation makes them: a mirror flag per image, then one offset
                Random draws = new Random(seed);
                boolean[] mirror = new boolean[n];
                for (int i = 0; i < n; i++) {
                    mirror[i] = draws.nextBoolean();
                }
                int dy = draws.nextInt(2 * shift + 1) - shift;
                int dx = draws.nextInt(2 * shift + 1) - shift;
                float[] expected = new float[in.length];
                for (int i = 0; i < n; i++) {
                    for (int r = 0; r < size; r++) {
                        for (int c = 0; c < size; c++) {
                            int sr = r + dy;
                            int sc = c + dx;
                            if (sr < 0 || sr >= size || sc < 0 || sc >= size) {
                                continue; // the gap: zero
                            }
                            int col = mirror[i] ? size - 1 - sc : sc;
                            expected[(i * size + r) * size + c] = in[(i * size + sr) * size + col];
                        }
                    }
                }
                assertArrayEquals(expected, out, 0f, "seed " + seed + " (offset " + dy + ", " + dx + ")");
            }
        }
    }
}
