package org.jnas.data;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a {@link DataSplits} came from, small enough to ship to another JVM: the loader, the folder it read, the
 * validation carve and the subset limits. {@link #load()} there reads the same images into the same splits, so a
 * cluster's executors read their data from the path themselves instead of receiving arrays from the driver.
 *
 * <p>The folder must exist at the same path on every machine that loads it (Debian's
 * {@code /usr/share/datasets/fashion-mnist} does when the package is installed; otherwise a shared mount).
 *
 * @param kind            {@code fashion-mnist}, {@code mnist} or {@code cifar10}: the {@link Datasets} loader
 * @param dir             the absolute folder the loader reads
 * @param validationSize  images carved from the training split for validation
 * @param splitSeed       the seed of that carve
 * @param trainLimit      {@link DataSplits#limit} of the training split (0: all)
 * @param validationLimit {@link DataSplits#limit} of the validation split (0: all)
 */
public record DataSource(String kind, String dir, int validationSize, long splitSeed, int trainLimit,
                         int validationLimit) implements Serializable {

    /** Reads the data again, here. */
    public DataSplits load() {
        Path d = Path.of(dir);
        DataSplits splits = switch (kind) {
            case "fashion-mnist" -> Datasets.fashionMnist(d, validationSize, splitSeed);
            case "mnist" -> Datasets.djlMnist(d, validationSize, splitSeed);
            case "cifar10" -> Datasets.djlCifar10(d, validationSize, splitSeed);
            default -> throw new IllegalArgumentException("unknown data source kind '" + kind
                    + "'; known: fashion-mnist, mnist, cifar10");
        };
        return splits.limit(trainLimit, validationLimit);
    }

    /** The same source with {@link DataSplits#limit} applied on top of its own limits. */
    DataSource limited(int train, int validation) {
        return new DataSource(kind, dir, validationSize, splitSeed, smaller(trainLimit, train),
                smaller(validationLimit, validation));
    }

    private static int smaller(int a, int b) {
        return a <= 0 ? Math.max(b, 0) : b <= 0 ? a : Math.min(a, b);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s at %s (validation %d, split seed %d%s%s)", kind, dir, validationSize,
                splitSeed, trainLimit > 0 ? ", train limit " + trainLimit : "",
                validationLimit > 0 ? ", validation limit " + validationLimit : "");
    }
}
