package org.jnas.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * A DJL data set over an in-memory {@link ImageData}: usable wherever DJL takes a {@link RandomAccessDataset}
 * ({@code trainer.iterateDataset}, {@code EasyTrain.fit}). Batches are assembled on the Java side and handed to the
 * engine as one array, which on this machine is ~10x faster than DJL's per-sample gathering when shuffling
 * (about 190,000 against 5,000-19,000 Fashion-MNIST images/s), and it keeps no second copy of the data in native
 * memory. Labels are float32 class indices, as DJL's softmax cross-entropy expects.
 */
public final class ImageDataset extends RandomAccessDataset {
    private final ImageData images;

    ImageDataset(ImageData images, Sampler sampler) {
        super(new Builder().setSampling(sampler));
        this.images = images;
    }

    public ImageData images() {
        return images;
    }

    @Override
    public Record get(NDManager manager, long index) {
        int i = Math.toIntExact(index);
        float[] px = new float[images.imageSize()];
        images.copyImage(i, px, 0);
        NDArray x = manager.create(px, new Shape(images.channels(), images.height(), images.width()));
        NDArray y = manager.create((float) images.labels()[i]);
        return new Record(new NDList(x), new NDList(y));
    }

    @Override
    protected long availableSize() {
        return images.size();
    }

    @Override
    public void prepare(Progress progress) {
        // in memory already
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, Sampler sampler, ExecutorService executor) {
        return () -> new Iterator<>() {
            private final Iterator<List<Long>> batches = sampler.sample(ImageDataset.this);
            private long progress;

            @Override
            public boolean hasNext() {
                return batches.hasNext();
            }

            @Override
            public Batch next() {
                List<Long> idx = batches.next();
                int n = idx.size();
                int per = images.imageSize();
                float[] px = new float[n * per];
                float[] lb = new float[n];
                for (int k = 0; k < n; k++) {
                    int i = Math.toIntExact(idx.get(k));
                    images.copyImage(i, px, k * per);
                    lb[k] = images.labels()[i];
                }
                NDManager batchManager = manager.newSubManager();
                NDArray x = batchManager.create(px, new Shape(n, images.channels(), images.height(), images.width()));
                NDArray y = batchManager.create(lb);
                progress += n;
                return new Batch(batchManager, new NDList(x), new NDList(y), n, Batchifier.STACK, Batchifier.STACK,
                        progress, images.size(), idx);
            }
        };
    }

    private static final class Builder extends BaseBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
