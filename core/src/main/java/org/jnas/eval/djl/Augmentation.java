package org.jnas.eval.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * The data augmentation the trainer applies when a recipe asks for it ({@code Recipe.augment}, or the
 * {@code "hp/augment"} choice): each training image is mirrored left-right with probability 1/2, and the batch is
 * shifted by up to {@link #MAX_SHIFT} pixels in each direction, the gap filled with zeros (the padded random crop of
 * CIFAR training, with one offset per batch rather than per image to keep it a single tensor op). Validation and
 * test images are never augmented. Draws come from the given generator, so a seeded run is reproducible.
 */
public final class Augmentation {
    /** Largest shift in pixels, either direction (2 on a 28x28 image, as 4 on CIFAR's 32x32). */
    public static final int MAX_SHIFT = 2;

    private Augmentation() {
    }

    /** Augmented copy of a batch {@code (N, C, H, W)}. */
    public static NDArray apply(NDArray images, Random rng) {
        Shape s = images.getShape();
        int n = (int) s.get(0);
        float[] flips = new float[n];
        for (int i = 0; i < n; i++) {
            flips[i] = rng.nextBoolean() ? 1 : 0;
        }
        NDArray mask = images.getManager().create(flips, new Shape(n, 1, 1, 1)).toType(DataType.BOOLEAN, false)
                .broadcast(s);
        NDArray flipped = NDArrays.where(mask, images.flip(3), images);
        int dy = rng.nextInt(2 * MAX_SHIFT + 1);
        int dx = rng.nextInt(2 * MAX_SHIFT + 1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray padded = zeroPad(flipped, MAX_SHIFT);
        return padded.get(":, :, " + dy + ":" + (dy + h) + ", " + dx + ":" + (dx + w));
    }

    /**
     * {@code x (N, C, H, W)} with {@code p} rows and columns of zeros on every side. Concatenation rather than
     * {@code NDArray.pad}, which DJL 0.21 (the default CPU build's, README "libtorch versions") lacks.
     */
    static NDArray zeroPad(NDArray x, int p) {
        Shape s = x.getShape();
        NDManager m = x.getManager();
        NDArray rows = m.zeros(new Shape(s.get(0), s.get(1), p, s.get(3)), x.getDataType());
        NDArray tall = NDArrays.concat(new NDList(rows, x, rows), 2);
        NDArray cols = m.zeros(new Shape(s.get(0), s.get(1), s.get(2) + 2L * p, p), x.getDataType());
        return NDArrays.concat(new NDList(cols, tall, cols), 3);
    }
}
