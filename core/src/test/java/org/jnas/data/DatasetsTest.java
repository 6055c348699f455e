package org.jnas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.jnas.Jnas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    /** n 1x2x2 images; image i has every pixel equal to i / n, so pixels identify images. */
    private static ImageData numbered(int n) {
        float[] px = new float[n * 4];
        int[] lb = new int[n];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(px, i * 4, i * 4 + 4, i / (float) n);
            lb[i] = i % 3;
        }
        return Datasets.fromArrays("numbered", px, lb, 1, 2, 2, 3);
    }

    private static Set<Float> ids(ImageData d) {
        var s = new HashSet<Float>();
        for (int i = 0; i < d.size(); i++) {
            s.add(d.pixels()[i * d.imageSize()]);
        }
        return s;
    }

    @Test
    void validationIsCarvedDisjointAndDeterministically() {
        ImageData pool = numbered(100);
        DataSplits a = DataSplits.carve("n", pool, 20, 42, () -> numbered(10));
        DataSplits b = DataSplits.carve("n", pool, 20, 42, () -> numbered(10));
        DataSplits other = DataSplits.carve("n", pool, 20, 43, () -> numbered(10));
        assertEquals(80, a.train().size());
        assertEquals(20, a.validation().size());
        Set<Float> train = ids(a.train());
        Set<Float> val = ids(a.validation());
        assertEquals(80, train.size());
        assertFalse(train.stream().anyMatch(val::contains), "no image in both train and validation");
        var all = new HashSet<>(train);
        all.addAll(val);
        assertEquals(ids(pool), all, "together they are the whole training split");
        assertArrayEquals(a.validation().pixels(), b.validation().pixels(), "same seed, same split");
        assertNotEquals(val, ids(other.validation()), "another seed, another split");

        DataSplits small = a.limit(30, 5);
        assertEquals(30, small.train().size());
        assertEquals(5, small.validation().size());
        assertTrue(val.containsAll(ids(small.validation())));

        var e = assertThrows(IllegalArgumentException.class, () -> DataSplits.carve("n", pool, 100, 0,
                () -> pool));
        assertTrue(e.getMessage().contains("between 1 and 99"), e.getMessage());
    }

    @Test
    void fashionMnistSplitsLeaveTheTestSplitUnreadUntilAsked() {
        DataSplits d = Datasets.fashionMnist(FashionMnist.DEBIAN_DIR, 5_000, 0);
        assertEquals(55_000, d.train().size());
        assertEquals(5_000, d.validation().size());
        assertTrue(d.toString().contains("test not loaded"), d.toString());
        assertEquals(10_000, d.test().size());
        assertEquals(10, d.classes());
        assertEquals(28, d.height());
    }

    @Test
    void missingFashionMnistSaysHowToInstallIt(@TempDir Path empty) {
        var e = assertThrows(DatasetMissingException.class, () -> Datasets.fashionMnist(empty));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("JNAS_FASHION_MNIST"), e.getMessage());
        assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
    }

    private static void idx(Path file, int magic, int[] dims, byte[] body) throws IOException {
        try (var out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(body);
        }
    }

    private static void writeMnistLayout(Path dir, String prefix, ImageData d) throws IOException {
        byte[] px = new byte[d.pixels().length];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.round(d.pixels()[i] * 255);
        }
        byte[] lb = new byte[d.size()];
        for (int i = 0; i < lb.length; i++) {
            lb[i] = (byte) d.labels()[i];
        }
        idx(dir.resolve(prefix + "_data"), 0x803, new int[] {d.size(), 28, 28}, px);
        idx(dir.resolve(prefix + "_labels"), 0x801, new int[] {d.size()}, lb);
    }

    @Test
    void djlsOwnMnistLoaderReadsALocalDirectoryWithoutDownloading(@TempDir Path dir) throws IOException {
        Jnas.init();
        ImageData train = FashionMnist.train(300);
        ImageData test = FashionMnist.test(50);
        var missing = assertThrows(DatasetMissingException.class, () -> Datasets.djlMnist(dir));
        assertTrue(missing.getMessage().contains("train_data") && missing.getMessage().contains("gunzip"),
                missing.getMessage());

        writeMnistLayout(dir, "train", train);
        writeMnistLayout(dir, "test", test);
        DataSplits viaDjl = Datasets.djlMnist(dir, 60, 0);
        assertEquals(240, viaDjl.train().size());
        assertEquals(60, viaDjl.validation().size());
        ImageData djlTest = viaDjl.test();
        assertEquals(50, djlTest.size());
        assertArrayEquals(test.labels(), djlTest.labels());
        assertArrayEquals(test.pixels(), djlTest.pixels(), 1e-6f, "DJL's loader sees the same pixels");
    }

    @Test
    void imageFolderReadsOneClassPerSubFolder(@TempDir Path dir) throws IOException {
        for (String cls : List.of("bright", "dark")) {
            Files.createDirectories(dir.resolve(cls));
            for (int i = 0; i < 3; i++) {
                var img = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
                int v = cls.equals("bright") ? 0xffffff : 0x000000;
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 10; x++) {
                        img.setRGB(x, y, v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        ImageData d = Datasets.imageFolder(dir, 1, 4, 4);
        assertEquals(List.of("bright", "dark"), Datasets.classNames(dir));
        assertEquals(6, d.size());
        assertEquals(2, d.classes());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, d.labels());
        assertEquals(1f, d.pixels()[0], 1e-3);
        assertEquals(0f, d.pixels()[d.pixels().length - 1], 1e-3);
        assertEquals(6 * 3 * 4 * 4, Datasets.imageFolder(dir, 3, 4, 4).pixels().length, "RGB: 3 planes");

        var e = assertThrows(DatasetMissingException.class, () -> Datasets.imageFolder(dir.resolve("nope"), 1, 4, 4));
        assertTrue(e.getMessage().contains("one sub-folder of images per class"), e.getMessage());
    }

    @Test
    void usersArraysAreChecked() {
        var e = assertThrows(IllegalArgumentException.class, () -> Datasets.fromArrays("mine",
                new float[] {0, 255, 0, 0}, new int[] {0}, 1, 2, 2, 2));
        assertTrue(e.getMessage().contains("divide 8-bit values by 255"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Datasets.fromArrays("mine", new float[3], new int[] {0},
                1, 2, 2, 2));
    }

    private static List<Float> order(ai.djl.training.dataset.RandomAccessDataset ds, NDManager m)
            throws Exception {
        var seen = new ArrayList<Float>();
        for (Batch b : ds.getData(m)) {
            for (float f : b.getData().head().get(":, 0, 0, 0").toFloatArray()) {
                seen.add(f);
            }
            b.close();
        }
        return seen;
    }

    @Test
    void djlDatasetBatchesEveryImageOnceInASeededOrder() throws Exception {
        Jnas.init();
        ImageData d = numbered(50);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            var a = Datasets.toDjl(d, 16, true, 7);
            List<Float> first = order(a, m);
            assertEquals(50, first.size());
            assertEquals(ids(d), new HashSet<>(first), "every image exactly once per pass");
            assertEquals(first, order(Datasets.toDjl(d, 16, true, 7), m), "same seed, same order");
            assertNotEquals(first, order(Datasets.toDjl(d, 16, true, 8), m), "other seed, other order");
            assertNotEquals(first, order(a, m), "the next pass reshuffles");
            List<Float> plain = order(Datasets.toDjl(d, 16, false, 7), m);
            assertEquals(0f, plain.get(0));
            assertEquals(49 / 50f, plain.get(49), 1e-6);
            assertEquals(first, order(Datasets.toArrayDataset(d, m, 16, true, 7), m),
                    "DJL's ArrayDataset with the same seed visits the same order");
            var batch = Datasets.toDjl(d, 16, false, 0).getData(m).iterator().next();
            assertArrayEquals(new long[] {16, 1, 2, 2}, batch.getData().head().getShape().getShape());
            assertEquals(1f, batch.getLabels().head().getFloat(1), "labels are class indices");
            batch.close();
        }
    }
}
