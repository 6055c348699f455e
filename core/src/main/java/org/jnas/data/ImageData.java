package org.jnas.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Images and labels in memory, channel-first (N, C, H, W), pixel values in [0, 1]. Held either as floats, or, for
 * 8-bit sources such as Fashion-MNIST, as one byte per pixel (value / 255): a quarter of the memory (47 MB instead
 * of 188 MB for Fashion-MNIST's 60,000 training images). Batches are converted to floats as they are copied out
 * ({@link #copyImage}, {@link #copyImages}), so a trainer never needs the whole set as floats.
 *
 * <p>It used to be a record; its constructor and accessors are unchanged. {@link #pixels()} of byte-held data
 * builds a new float array of the whole set each call: fine for a batch-sized slice, wasteful for all of it.
 */
public final class ImageData {
    private final String name;
    private final float[] floats; // null when held as bytes
    private final byte[] bytes;   // null when held as floats
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final int classes;

    /**
     * @param name    where it came from, for reports
     * @param pixels  N*C*H*W values in [0, 1]
     * @param labels  N class indices
     * @param classes number of classes
     */
    public ImageData(String name, float[] pixels, int[] labels, int channels, int height, int width, int classes) {
        this(name, pixels, null, labels, channels, height, width, classes);
    }

    private ImageData(String name, float[] floats, byte[] bytes, int[] labels, int channels, int height, int width,
                      int classes) {
        long per = (long) channels * height * width;
        long values = floats != null ? floats.length : bytes.length;
        if (per * labels.length != values) {
            throw new IllegalArgumentException(name + ": " + values + " pixels do not make " + labels.length
                    + " images of " + channels + "x" + height + "x" + width);
        }
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException(name + ": label " + l + " outside 0.." + (classes - 1));
            }
        }
        this.name = name;
        this.floats = floats;
        this.bytes = bytes;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classes = classes;
    }

    /** 8-bit images held as bytes: pixel value {@code (pixels[i] & 0xff) / 255}. */
    public static ImageData ofBytes(String name, byte[] pixels, int[] labels, int channels, int height, int width,
                                    int classes) {
        return new ImageData(name, null, pixels, labels, channels, height, width, classes);
    }

    public String name() {
        return name;
    }

    /**
     * All pixels as floats. For float-held data this is the array itself; for byte-held data a new array (4 bytes
     * a pixel) on every call: copy batches with {@link #copyImages} instead.
     */
    public float[] pixels() {
        if (floats != null) {
            return floats;
        }
        float[] out = new float[bytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (bytes[i] & 0xff) / 255f;
        }
        return out;
    }

    public int[] labels() {
        return labels;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int classes() {
        return classes;
    }

    /** Whether pixels are held as one byte each (see {@link #ofBytes}). */
    public boolean heldAsBytes() {
        return bytes != null;
    }

    /** Bytes the pixels and labels take in memory. */
    public long memoryBytes() {
        return (floats != null ? 4L * floats.length : bytes.length) + 4L * labels.length;
    }

    public int size() {
        return labels.length;
    }

    public int imageSize() {
        return channels * height * width;
    }

    /** Writes image {@code index} as floats into {@code dst} from {@code offset}. */
    public void copyImage(int index, float[] dst, int offset) {
        int per = imageSize();
        int from = index * per;
        if (floats != null) {
            System.arraycopy(floats, from, dst, offset, per);
        } else {
            for (int i = 0; i < per; i++) {
                dst[offset + i] = (bytes[from + i] & 0xff) / 255f;
            }
        }
    }

    /**
     * The images {@code indices[from .. from+count)} as floats, one after another, in {@code dst} (which must hold
     * at least {@code count * imageSize()} values; reuse it across batches); returns {@code dst}.
     */
    public float[] copyImages(int[] indices, int from, int count, float[] dst) {
        int per = imageSize();
        for (int k = 0; k < count; k++) {
            copyImage(indices[from + k], dst, k * per);
        }
        return dst;
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), held the same way. */
    public ImageData slice(int from, int to) {
        int per = imageSize();
        int[] lb = Arrays.copyOfRange(labels, from, to);
        return floats != null
                ? new ImageData(name, Arrays.copyOfRange(floats, from * per, to * per), null, lb, channels, height,
                        width, classes)
                : new ImageData(name, null, Arrays.copyOfRange(bytes, from * per, to * per), lb, channels, height,
                        width, classes);
    }

    /** The images at the given indices, in that order, held the same way. */
    public ImageData select(int[] indices) {
        int per = imageSize();
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            lb[i] = labels[indices[i]];
        }
        if (floats != null) {
            float[] px = new float[indices.length * per];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(floats, indices[i] * per, px, i * per, per);
            }
            return new ImageData(name, px, null, lb, channels, height, width, classes);
        }
        byte[] px = new byte[indices.length * per];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(bytes, indices[i] * per, px, i * per, per);
        }
        return new ImageData(name, null, px, lb, channels, height, width, classes);
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
