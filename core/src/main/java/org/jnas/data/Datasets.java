package org.jnas.data;

import ai.djl.basicdataset.cv.classification.Cifar10;
import ai.djl.basicdataset.cv.classification.Mnist;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.Repository;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.translate.TranslateException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jnas.Jnas;

/**
 * Where image data comes from: Fashion-MNIST (the embedded default), DJL's own MNIST and CIFAR-10 loaders over
 * local files, a user's arrays or a folder of images; and the way back into DJL as an {@link ArrayDataset}.
 * Nothing here downloads: a missing data set fails with a {@link DatasetMissingException} saying where to put it.
 */
public final class Datasets {
    /** Images carved from the training split for validation, by default (the size of Fashion-MNIST's test split). */
    public static final int DEFAULT_VALIDATION = 10_000;
    /** The seed of the default validation split. */
    public static final long DEFAULT_SPLIT_SEED = 0;

    private static final String[] IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".bmp", ".gif"};

    private Datasets() {
    }

    // ---- Fashion-MNIST ----

    /** Fashion-MNIST from Debian's package or {@code $JNAS_FASHION_MNIST}: 50,000 train / 10,000 validation / test. */
    public static DataSplits fashionMnist() {
        return fashionMnist(FashionMnist.defaultDir(), DEFAULT_VALIDATION, DEFAULT_SPLIT_SEED);
    }

    /** Fashion-MNIST from the idx files in {@code dir}. */
    public static DataSplits fashionMnist(Path dir) {
        return fashionMnist(dir, DEFAULT_VALIDATION, DEFAULT_SPLIT_SEED);
    }

    public static DataSplits fashionMnist(Path dir, int validationSize, long seed) {
        return DataSplits.carve("fashion-mnist", FashionMnist.load(dir, true, 0), validationSize, seed,
                () -> FashionMnist.load(dir, false, 0)).withSource(new DataSource("fashion-mnist",
                dir.toAbsolutePath().toString(), validationSize, seed, 0, 0));
    }

    // ---- DJL's own loaders, over local files ----

    /**
     * MNIST through DJL's {@link Mnist} loader, reading {@code dir} as a local DJL repository. DJL's default
     * repository is remote and DJL contacts it even in offline mode, so jnas only ever points it at a directory:
     * {@code dir} must hold the uncompressed idx files under DJL's names {@code train_data}, {@code train_labels},
     * {@code test_data}, {@code test_labels} (for example {@code gunzip -c train-images-idx3-ubyte.gz >
     * train_data}), which is also the layout of DJL's cache after an online download
     * ({@code ~/.djl.ai/cache/repo/dataset/cv/ai/djl/basicdataset/mnist/1.0}).
     */
    public static DataSplits djlMnist(Path dir) {
        return djlMnist(dir, DEFAULT_VALIDATION, DEFAULT_SPLIT_SEED);
    }

    /** {@link #djlMnist(Path)} with a validation split of {@code validationSize} images drawn with {@code seed}. */
    public static DataSplits djlMnist(Path dir, int validationSize, long seed) {
        requireFiles(dir, "MNIST", "gunzip -c train-images-idx3-ubyte.gz > train_data (and likewise train_labels,"
                + " test_data, test_labels)", "train_data", "train_labels", "test_data", "test_labels");
        Repository repo = Repository.newInstance("jnas-mnist", dir);
        return DataSplits.carve("mnist", fromDjl(Mnist.builder().optRepository(repo).optUsage(Dataset.Usage.TRAIN)
                        .setSampling(1, false).build(), "mnist/train", Mnist.NUM_CLASSES),
                validationSize, seed,
                () -> fromDjl(Mnist.builder().optRepository(repo).optUsage(Dataset.Usage.TEST)
                        .setSampling(1, false).build(), "mnist/test", Mnist.NUM_CLASSES))
                .withSource(new DataSource("mnist", dir.toAbsolutePath().toString(), validationSize, seed, 0, 0));
    }

    /**
     * CIFAR-10 through DJL's {@link Cifar10} loader over a local directory holding DJL's two files:
     * {@code data_batch.bin} (the five training batches of the binary version, concatenated:
     * {@code cat data_batch_{1..5}.bin > data_batch.bin}) and {@code test_batch.bin}.
     */
    public static DataSplits djlCifar10(Path dir) {
        return djlCifar10(dir, DEFAULT_VALIDATION, DEFAULT_SPLIT_SEED);
    }

    /** {@link #djlCifar10(Path)} with a validation split of {@code validationSize} images drawn with {@code seed}. */
    public static DataSplits djlCifar10(Path dir, int validationSize, long seed) {
        requireFiles(dir, "CIFAR-10", "from cifar-10-binary.tar.gz: cat data_batch_{1..5}.bin > data_batch.bin;"
                + " keep test_batch.bin", "data_batch.bin", "test_batch.bin");
        Repository repo = Repository.newInstance("jnas-cifar10", dir);
        return DataSplits.carve("cifar10", fromDjl(Cifar10.builder().optRepository(repo)
                        .optUsage(Dataset.Usage.TRAIN).setSampling(1, false).build(), "cifar10/train", 10),
                validationSize, seed,
                () -> fromDjl(Cifar10.builder().optRepository(repo).optUsage(Dataset.Usage.TEST)
                        .setSampling(1, false).build(), "cifar10/test", 10))
                .withSource(new DataSource("cifar10", dir.toAbsolutePath().toString(), validationSize, seed, 0, 0));
    }

    private static void requireFiles(Path dir, String what, String howTo, String... names) {
        for (String n : names) {
            if (!Files.isRegularFile(dir.resolve(n))) {
                throw new DatasetMissingException(what + " file '" + n + "' not found in " + dir + ". DJL's " + what
                        + " loader reads a local directory with the files " + String.join(", ", names) + " ("
                        + howTo + "); jnas never lets DJL download.");
            }
        }
    }

    /**
     * Reads a DJL image-classification data set into memory: each record one image (C,H,W or H,W,C; values in
     * [0, 1], or [0, 255] which is rescaled) and one label. Build the DJL data set on a local repository
     * ({@code optRepository(Repository.newInstance(name, dir))}): DJL's default repository is remote.
     */
    public static ImageData fromDjl(RandomAccessDataset dataset, String name, int classes) {
        Jnas.init();
        try (NDManager manager = NDManager.newBaseManager()) {
            dataset.prepare();
            int n = Math.toIntExact(dataset.size());
            if (n == 0) {
                throw new DatasetMissingException(name + ": the DJL data set is empty");
            }
            float[] pixels = null;
            int[] labels = new int[n];
            long[] chw = null;
            for (int i = 0; i < n; i++) {
                try (NDManager step = manager.newSubManager()) {
                    Record r = dataset.get(step, i);
                    NDArray img = r.getData().head().toType(DataType.FLOAT32, false);
                    if (chw == null) {
                        chw = channelsFirst(img.getShape(), name);
                        pixels = new float[Math.multiplyExact(n, Math.toIntExact(chw[0] * chw[1] * chw[2]))];
                    }
                    if (img.getShape().dimension() == 3 && img.getShape().get(0) != chw[0]) {
                        img = img.transpose(2, 0, 1);
                    }
                    float[] v = img.toFloatArray();
                    int per = v.length;
                    System.arraycopy(v, 0, pixels, i * per, per);
                    labels[i] = (int) r.getLabels().head().toType(DataType.FLOAT32, false).getFloat();
                }
            }
            float max = 0;
            for (float p : pixels) {
                max = Math.max(max, p);
            }
            if (max > 1.5f) {
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] /= 255f;
                }
            }
            return new ImageData(name, pixels, labels, (int) chw[0], (int) chw[1], (int) chw[2], classes);
        } catch (IOException | TranslateException e) {
            if (e instanceof UnknownHostException || e.getCause() instanceof UnknownHostException) {
                throw new DatasetMissingException(name + ": DJL tried to download the data set (" + e.getMessage()
                        + "); jnas runs offline. Build the DJL data set with"
                        + " optRepository(Repository.newInstance(\"local\", dir)) on a directory holding its files,"
                        + " or use Datasets.djlMnist(dir) / Datasets.djlCifar10(dir).");
            }
            throw new UncheckedIOException(new IOException(name + ": cannot read the DJL data set: " + e.getMessage(),
                    e));
        }
    }

    private static long[] channelsFirst(Shape s, String name) {
        if (s.dimension() == 2) {
            return new long[] {1, s.get(0), s.get(1)};
        }
        if (s.dimension() == 3) {
            boolean hwc = s.get(2) <= 4 && s.get(0) > 4;
            return hwc ? new long[] {s.get(2), s.get(0), s.get(1)} : new long[] {s.get(0), s.get(1), s.get(2)};
        }
        throw new IllegalArgumentException(name + ": records hold " + s + " arrays; expected one image (H,W),"
                + " (C,H,W) or (H,W,C)");
    }

    // ---- a user's own data ----

    /**
     * A user's images as flat arrays, checked: {@code pixels} holds N*C*H*W values in [0, 1], channels first;
     * {@code labels} N class indices in 0..classes-1.
     */
    public static ImageData fromArrays(String name, float[] pixels, int[] labels, int channels, int height, int width,
                                       int classes) {
        for (float p : pixels) {
            if (!(p >= 0f && p <= 1f)) {
                throw new IllegalArgumentException(name + ": pixel value " + p + " is outside [0, 1]; divide 8-bit"
                        + " values by 255");
            }
        }
        return new ImageData(name, pixels, labels, channels, height, width, classes);
    }

    /**
     * A folder of images, one sub-folder per class ({@code dir/cat/1.png}, {@code dir/dog/7.jpg}); classes are the
     * sub-folder names in sorted order ({@link #classNames}). Images are scaled to {@code height x width}, and read
     * as gray ({@code channels} 1) or RGB (3).
     */
    public static ImageData imageFolder(Path dir, int channels, int height, int width) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 (gray) or 3 (RGB), got " + channels);
        }
        List<String> classes = classNames(dir);
        var pixels = new ArrayList<float[]>();
        var labels = new ArrayList<Integer>();
        for (int c = 0; c < classes.size(); c++) {
            for (Path file : images(dir.resolve(classes.get(c)))) {
                pixels.add(readImage(file, channels, height, width));
                labels.add(c);
            }
        }
        if (labels.isEmpty()) {
            throw new DatasetMissingException("no images (" + String.join(", ", IMAGE_SUFFIXES) + ") in the class"
                    + " folders of " + dir);
        }
        int per = channels * height * width;
        float[] all = new float[labels.size() * per];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, all, i * per, per);
        }
        return new ImageData(dir.getFileName().toString(), all, labels.stream().mapToInt(Integer::intValue).toArray(),
                channels, height, width, classes.size());
    }

    /** The class names of an image folder: its sub-folders, sorted; label i is the i-th name. */
    public static List<String> classNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetMissingException("image folder " + dir + " does not exist; it should hold one"
                    + " sub-folder of images per class");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            if (names.size() < 2) {
                throw new DatasetMissingException("image folder " + dir + " has " + names.size() + " class"
                        + " sub-folders; a classifier needs at least 2 (one sub-folder of images per class)");
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> images(Path classDir) {
        try (Stream<Path> s = Files.list(classDir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                for (String suffix : IMAGE_SUFFIXES) {
                    if (n.endsWith(suffix)) {
                        return true;
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] readImage(Path file, int channels, int height, int width) {
        BufferedImage src;
        try {
            src = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        if (src == null) {
            throw new IllegalArgumentException("cannot decode image " + file + " (not a PNG/JPEG/BMP/GIF?)");
        }
        var scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        float[] out = new float[channels * height * width];
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = scaled.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float gr = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                int i = y * width + x;
                if (channels == 1) {
                    out[i] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[i] = r;
                    out[plane + i] = gr;
                    out[2 * plane + i] = b;
                }
            }
        }
        return out;
    }

    // ---- back into DJL ----

    /**
     * A DJL data set of the images (N,C,H,W float32, created on the manager the trainer iterates with) and labels,
     * in batches of {@code batchSize}; with {@code shuffle}, each pass draws a new order from a generator seeded
     * once with {@code seed}, so the sequence of batches is reproducible. See {@link ImageDataset}.
     */
    public static ImageDataset toDjl(ImageData data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        var sub = shuffle ? new SeededSampler(seed) : new ai.djl.training.dataset.SequenceSampler();
        return new ImageDataset(data, new ai.djl.training.dataset.BatchSampler(sub, batchSize, false));
    }

    /**
     * The same data as DJL's own {@link ArrayDataset} (all images copied to {@code manager} at once), for code that
     * wants that class; it batches shuffled data more slowly than {@link #toDjl(ImageData, int, boolean, long)}.
     */
    public static ArrayDataset toArrayDataset(ImageData data, NDManager manager, int batchSize, boolean shuffle,
                                              long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        NDArray x = manager.create(data.pixels(), new Shape(data.size(), data.channels(), data.height(),
                data.width()));
        NDArray y = manager.create(data.labels()).toType(DataType.FLOAT32, false);
        var sub = shuffle ? new SeededSampler(seed) : new ai.djl.training.dataset.SequenceSampler();
        return new ArrayDataset.Builder().setData(x).optLabels(y)
                .setSampling(new ai.djl.training.dataset.BatchSampler(sub, batchSize, false)).build();
    }
}
