package org.jnas.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Fashion-MNIST from local idx files: by default Debian's {@code dataset-fashion-mnist} package
 * ({@code /usr/share/datasets/fashion-mnist/}), or a directory given with {@code JNAS_FASHION_MNIST} or
 * {@link #load(Path, boolean, int)}. Never downloads.
 */
public final class FashionMnist {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
        "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private FashionMnist() {
    }

    /** The directory in use: {@code $JNAS_FASHION_MNIST} if set, else Debian's. */
    public static Path defaultDir() {
        String env = System.getenv("JNAS_FASHION_MNIST");
        return env == null || env.isBlank() ? DEBIAN_DIR : Path.of(env);
    }

    /** The training split (60,000 images), or its first {@code limit} images. */
    public static ImageData train(int limit) {
        return load(defaultDir(), true, limit);
    }

    /** The test split (10,000 images), or its first {@code limit} images. Only final reports should touch it. */
    public static ImageData test(int limit) {
        return load(defaultDir(), false, limit);
    }

    /**
     * Reads {@code train-*} or {@code t10k-*} idx files (gzipped or not) from {@code dir}.
     *
     * @param limit at most this many images; 0 or negative for all
     */
    public static ImageData load(Path dir, boolean train, int limit) {
        String prefix = train ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        try (var imgIn = open(images); var lblIn = open(labels)) {
            int magic = imgIn.readInt();
            if (magic != 0x803) {
                throw new IOException(images + " is not an idx3 image file (magic " + Integer.toHexString(magic) + ")");
            }
            int n = imgIn.readInt();
            int h = imgIn.readInt();
            int w = imgIn.readInt();
            if (lblIn.readInt() != 0x801) {
                throw new IOException(labels + " is not an idx1 label file");
            }
            int nl = lblIn.readInt();
            if (nl != n) {
                throw new IOException(images + " has " + n + " images but " + labels + " has " + nl + " labels");
            }
            int count = limit > 0 ? Math.min(limit, n) : n;
            byte[] raw = new byte[count * h * w];
            imgIn.readFully(raw);
            byte[] rawLabels = new byte[count];
            lblIn.readFully(rawLabels);
            int[] lb = new int[count];
            for (int i = 0; i < count; i++) {
                lb[i] = rawLabels[i] & 0xff;
            }
            // held as bytes (a quarter of floats' memory); batches become floats as they are copied out
            return ImageData.ofBytes("fashion-mnist/" + (train ? "train" : "test"), raw, lb, 1, h, w, CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Fashion-MNIST from " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DatasetMissingException("Fashion-MNIST file " + base + "(.gz) not found in " + dir + ". Install it"
                + " with: sudo apt-get install dataset-fashion-mnist (files go to " + DEBIAN_DIR + "), or point"
                + " JNAS_FASHION_MNIST at a directory holding train-images-idx3-ubyte.gz and its siblings"
                + " (https://github.com/zalandoresearch/fashion-mnist).");
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        if (p.toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
