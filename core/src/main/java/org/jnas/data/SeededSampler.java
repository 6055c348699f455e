package org.jnas.data;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Visits a data set in a random order drawn from its own seeded generator, so shuffled training is reproducible
 * without depending on DJL's global random state. Each pass draws a fresh order; the sequence of orders is fixed by
 * the seed.
 */
public final class SeededSampler implements Sampler.SubSampler {
    private final Random rng;

    public SeededSampler(long seed) {
        this.rng = new Random(seed);
    }

    @Override
    public synchronized Iterator<Long> sample(RandomAccessDataset dataset) {
        int n = Math.toIntExact(dataset.size());
        long[] order = LongStream.range(0, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return LongStream.of(order).iterator();
    }
}
