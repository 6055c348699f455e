package org.jnas.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Images and labels in memory, as float pixels in [0, 1], channel-first (N, C, H, W). Small enough for the data
 * sets jnas embeds (Fashion-MNIST is 188 MB as floats); larger data goes through DJL datasets.
 *
 * @param name    where it came from, for reports
 * @param pixels  N*C*H*W values
 * @param labels  N class indices
 * @param classes number of classes
 */
public record ImageData(String name, float[] pixels, int[] labels, int channels, int height, int width,
                        int classes) {

    public ImageData {
        long per = (long) channels * height * width;
        if (per * labels.length != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixels do not make " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException(name + ": label " + l + " outside 0.." + (classes - 1));
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive). */
    public ImageData slice(int from, int to) {
        int per = imageSize();
        return new ImageData(name, Arrays.copyOfRange(pixels, from * per, to * per),
                Arrays.copyOfRange(labels, from, to), channels, height, width, classes);
    }

    /** The images at the given indices, in that order. */
    public ImageData select(int[] indices) {
        int per = imageSize();
        float[] px = new float[indices.length * per];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * per, px, i * per, per);
            lb[i] = labels[indices[i]];
        }
        return new ImageData(name, px, lb, channels, height, width, classes);
    }

    /** A seeded permutation of 0..size-1. */
    public int[] permutation(long seed) {
        int[] idx = new int[size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Random rng = new Random(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }

    @Override
    public String toString() {
        return name + ": " + size() + " images " + channels + "x" + height + "x" + width + ", " + classes + " classes";
    }
}
