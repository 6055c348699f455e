package org.jnas.data;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The three parts of a data set as a search must see them: {@link #train()} to fit weights,
 * {@link #validation()} to score architectures (carved from the original training split with a fixed seed), and
 * {@link #test()} for the final report only. The test split is loaded lazily, on first request, so a search that
 * never reports never reads it.
 *
 * <pre>{@code
 * DataSplits data = Datasets.fashionMnist().limit(10_000, 2_000);   // low-fidelity subsets
 * }</pre>
 */
public final class DataSplits {
    private final String name;
    private final ImageData train;
    private final ImageData validation;
    private final Supplier<ImageData> testLoader;
    private ImageData test;
    /** Where the splits came from, when a loader of {@link Datasets} read them from files; else null. */
    private final DataSource source;

    private DataSplits(String name, ImageData train, ImageData validation, Supplier<ImageData> testLoader) {
        this(name, train, validation, testLoader, null);
    }

    private DataSplits(String name, ImageData train, ImageData validation, Supplier<ImageData> testLoader,
                       DataSource source) {
        this.name = name;
        this.train = train;
        this.validation = validation;
        this.testLoader = testLoader;
        this.source = source;
    }

    /** The same splits, remembering the files they were read from (what {@link Datasets}' loaders do). */
    DataSplits withSource(DataSource source) {
        return new DataSplits(name, train, validation, testLoader, source);
    }

    /**
     * Where these splits were read from, so another JVM can read them itself (a cluster's executor); empty for
     * data given in memory ({@link #of}, {@link Datasets#fromArrays}).
     */
    public java.util.Optional<DataSource> source() {
        return java.util.Optional.ofNullable(source);
    }

    /**
     * Splits {@code pool} (a training split) into train and validation by a seeded permutation: the same seed
     * gives the same split, and no image is in both.
     *
     * @param validationSize images held out for validation; 1 .. pool size - 1
     * @param test           loads the separate test split when a final report asks for it
     */
    public static DataSplits carve(String name, ImageData pool, int validationSize, long seed,
                                   Supplier<ImageData> test) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(test, "test loader");
        if (validationSize < 1 || validationSize >= pool.size()) {
            throw new IllegalArgumentException(name + ": validation size " + validationSize + " must be between 1 and "
                    + (pool.size() - 1) + " (the training split has " + pool.size() + " images)");
        }
        int[] perm = pool.permutation(seed);
        int[] val = java.util.Arrays.copyOfRange(perm, 0, validationSize);
        int[] tr = java.util.Arrays.copyOfRange(perm, validationSize, perm.length);
        return new DataSplits(name, pool.select(tr), pool.select(val), test);
    }

    /** Splits with all three parts given (a user's own arrays, already split). */
    public static DataSplits of(String name, ImageData train, ImageData validation, ImageData test) {
        checkCompatible(train, validation, "validation");
        checkCompatible(train, test, "test");
        return new DataSplits(name, train, validation, () -> test);
    }

    private static void checkCompatible(ImageData a, ImageData b, String what) {
        if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()
                || a.classes() != b.classes()) {
            throw new IllegalArgumentException("the " + what + " split (" + b + ") does not match the training split ("
                    + a + "): image shape and class count must agree");
        }
    }

    /**
     * The first {@code trainSize} training and {@code validationSize} validation images (already shuffled by the
     * carving, so these are random subsets): a cheaper, lower-fidelity version of the same data. A size of 0 or
     * more than available keeps everything.
     */
    public DataSplits limit(int trainSize, int validationSize) {
        ImageData tr = trainSize > 0 && trainSize < train.size() ? train.slice(0, trainSize) : train;
        ImageData va = validationSize > 0 && validationSize < validation.size()
                ? validation.slice(0, validationSize) : validation;
        return new DataSplits(name, tr, va, testLoader,
                source == null ? null : source.limited(trainSize, validationSize));
    }

    public String name() {
        return name;
    }

    public ImageData train() {
        return train;
    }

    public ImageData validation() {
        return validation;
    }

    /** The held-out test split, for the final report only; loaded on first call. */
    public synchronized ImageData test() {
        if (test == null) {
            ImageData t = testLoader.get();
            checkCompatible(train, t, "test");
            test = t;
        }
        return test;
    }

    public int channels() {
        return train.channels();
    }

    public int height() {
        return train.height();
    }

    public int width() {
        return train.width();
    }

    public int classes() {
        return train.classes();
    }

    @Override
    public String toString() {
        return name + ": train " + train.size() + ", validation " + validation.size() + " images of " + channels()
                + "x" + height() + "x" + width() + ", " + classes() + " classes" + (test == null ? ", test not loaded"
                : ", test " + test.size());
    }
}
