package org.jnas.darts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jnas.ops.CellOp;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.Cell;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.SearchSpace;

/**
 * What a DARTS search will hold in memory, estimated from the sizes alone before anything is allocated, so a run
 * that cannot fit is refused up front with the knobs to turn instead of dying an hour in. The model: per image,
 * the activations autograd keeps for each candidate op of each mixed edge (a per-op count of feature maps, at the
 * op's channels and resolution), plus the cells' preprocessing and node outputs, times the batch, times a factor for
 * the gradients alive during backward; plus weights, gradients, momentum (and the second-order step's copies).
 * Checked against measured peaks in the tests (within a factor of 2).
 *
 * @param activationBytes feature maps of one forward/backward pass
 * @param parameterBytes  weights with their gradients and optimizer state
 * @param totalBytes      the sum: what the search adds to the process
 */
public record MemoryEstimate(long activationBytes, long parameterBytes, long totalBytes) {

    /**
     * Saved maps times this factor: gradients alive during backward, minus what the per-op counts overstate.
     * Calibrated on the B1 supernet (C=8, 5 cells, batch 32, fresh process): the count alone is ~1.3x the peak of
     * live tensors (807 MB with glibc returning big blocks at once) and ~0.85x the peak RSS when malloc keeps freed
     * blocks (1259 MB); 0.8 sits between the two, so the estimate holds on either kind of machine.
     */
    static final double BACKWARD_FACTOR = 0.8;

    /** Estimates the search's memory; {@code secondOrder} adds the unrolled step's weight copies. */
    public static MemoryEstimate of(SearchSpace space, SupernetShape shape, int batch, boolean secondOrder) {
        double perImageFloats = 0;
        double params = 0;
        DifferentiableSpace d = DifferentiableSpace.require(space, "the DARTS memory estimate");
        // priced over the space's discrete ops, as calibrated (the DARTS supernet's extra 'none' is not counted);
        // the first skeleton cell gives the topology every cell repeats
        List<String> candidates = d.ops();
        Cell cell = d.mixedCells().get(0);
        int inputs = cell.inputs();
        int nodes = cell.nodes();
        List<int[]> edges = cell.edges().stream().map(e -> new int[] {e.from(), e.to()}).toList();
        long hw = (long) shape.height() * shape.width();
        int k = shape.partialChannels();
        // stem
        double stemC = inputs == 2 ? shape.stemMultiplier() * shape.channels() : shape.channels();
        perImageFloats += 2 * stemC * hw;
        params += stemC * shape.inputChannels() * 9;
        int cellCount = inputs == 2 ? shape.cells() : 3 * shape.cellsPerStage();
        int c = shape.channels();
        double res = hw;
        double prevC = stemC;
        for (int i = 0; i < cellCount; i++) {
            boolean reduction;
            if (inputs == 2) {
                reduction = shape.cells() >= 3 && (i == shape.cells() / 3 || i == 2 * shape.cells() / 3);
            } else {
                reduction = false;
                if (i > 0 && i % shape.cellsPerStage() == 0) {
                    // residual reduction block between NAS-Bench-201 stages
                    res = Math.ceil(Math.sqrt(res) / 2) * Math.ceil(Math.sqrt(res) / 2);
                    perImageFloats += 8 * 2 * c * res;
                    params += 2 * c * c * 9 + 2 * c * c * 9 + 2 * c * c;
                    c *= 2;
                }
            }
            if (reduction) {
                c *= 2;
            }
            double outRes = reduction ? Math.ceil(Math.sqrt(res) / 2) * Math.ceil(Math.sqrt(res) / 2) : res;
            perImageFloats += inputs * 3.0 * c * res; // preprocessing ReLU-conv-BN
            params += inputs * prevC * c;
            double opC = (double) c / k;
            for (int[] e : edges) {
                boolean strided = reduction && e[0] < inputs;
                double r = strided ? outRes : res;
                for (String op : candidates) {
                    perImageFloats += (mapsPerOp(op, strided) + 1) * opC * r;
                    params += paramsPerOp(op, (int) opC, strided);
                }
                if (k > 1) {
                    perImageFloats += 2.0 * c * r; // bypass and shuffle
                }
            }
            perImageFloats += 2.0 * nodes * c * outRes; // node sums and the concatenation
            res = outRes;
            prevC = c * (inputs == 2 ? nodes : 1);
        }
        long activations = (long) (perImageFloats * batch * 4 * BACKWARD_FACTOR);
        // weights, gradients, momentum (first order); second order adds the backup and two gradient copies
        long parameterBytes = (long) (params * 4 * (secondOrder ? 6 : 3));
        return new MemoryEstimate(activations, parameterBytes, activations + parameterBytes);
    }

    /** Feature maps autograd keeps per op, in units of the op's output size (the op's registered figure). */
    static double mapsPerOp(String op, boolean strided) {
        CellOp cellOp = Ops.get(op);
        if (cellOp.family() == OpFamily.SKIP && strided) {
            return 10; // factorized reduce works at the input resolution
        }
        return cellOp.activationMaps();
    }

    /** Learned parameters of the op as a DARTS supernet builds it (BatchNorm without scale and shift). */
    static double paramsPerOp(String op, int c, boolean strided) {
        return Ops.get(op).parameterCount(c, strided ? 2 : 1, false);
    }

    /**
     * Memory the search may use on {@code device}: a GPU's free memory, or on the CPU {@link #availableBytes(long)};
     * capped by {@code capBytes} when that is positive.
     */
    public static long availableBytes(ai.djl.Device device, long capBytes) {
        if (device.isGpu()) {
            java.lang.management.MemoryUsage u = ai.djl.util.cuda.CudaUtils.getGpuMemory(device);
            long free = u.getMax() - u.getUsed();
            return capBytes > 0 ? Math.min(capBytes, free) : free;
        }
        return availableBytes(capBytes);
    }

    /**
     * Memory this process may use for the search on the CPU: {@code MemAvailable} of {@code /proc/meminfo}, capped by
     * {@code capBytes} when that is positive.
     */
    public static long availableBytes(long capBytes) {
        long avail = Long.MAX_VALUE;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    avail = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: only the cap applies
        }
        return capBytes > 0 ? Math.min(capBytes, avail) : avail;
    }

    /**
     * Refuses a search that will not fit, naming the knobs.
     *
     * @throws DartsMemoryException when {@link #totalBytes()} exceeds {@code availableBytes}
     */
    public void requireFits(long availableBytes, SupernetShape shape, int batch) {
        if (totalBytes <= availableBytes) {
            return;
        }
        throw new DartsMemoryException(String.format("the DARTS supernet needs about %d MB (activations %d MB for"
                + " batch %d, weights and optimizer state %d MB) but only %d MB are available. Shrink it: fewer"
                + " channels (C=%d now), fewer cells (%d now), a smaller batch (%d now), or partial channels"
                + " (PC-DARTS K=%d now; K=4 sends a quarter of the channels through the candidate ops), or raise"
                + " the memory cap.", mb(totalBytes), mb(activationBytes), batch, mb(parameterBytes),
                mb(availableBytes), shape.channels(), shape.cells(), batch, shape.partialChannels()));
    }

    static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }

    @Override
    public String toString() {
        return String.format("about %d MB (activations %d MB, weights and optimizer state %d MB)", mb(totalBytes),
                mb(activationBytes), mb(parameterBytes));
    }
}
