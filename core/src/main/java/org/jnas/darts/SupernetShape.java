package org.jnas.darts;

/**
 * How big the supernet is: the knobs that decide its speed and memory. A record so that a search, the memory
 * estimate and the benchmark all read the same numbers.
 *
 * @param channels           C, the channels of the first cells (doubled at each reduction)
 * @param cells              DARTS skeleton: total cells, reductions at 1/3 and 2/3 of the depth
 * @param cellsPerStage      NAS-Bench-201 skeleton: cells in each of the three stages
 * @param stemMultiplier     DARTS skeleton: the stem has {@code stemMultiplier * C} channels
 * @param partialChannels    PC-DARTS' K: 1/K of the channels go through the candidate ops (1 = off)
 * @param edgeNormalization  PC-DARTS' edge weights (a softmax over each node's incoming edges)
 * @param inputChannels      image channels (1 for Fashion-MNIST)
 * @param height             image height
 * @param width              image width
 * @param classes            output classes
 */
public record SupernetShape(int channels, int cells, int cellsPerStage, int stemMultiplier, int partialChannels,
                            boolean edgeNormalization, int inputChannels, int height, int width, int classes) {

    public SupernetShape {
        if (channels < 2 || cells < 1 || cellsPerStage < 1 || stemMultiplier < 1) {
            throw new IllegalArgumentException("supernet needs channels >= 2, cells >= 1, cellsPerStage >= 1,"
                    + " stemMultiplier >= 1; got channels=" + channels + ", cells=" + cells + ", cellsPerStage="
                    + cellsPerStage + ", stemMultiplier=" + stemMultiplier);
        }
        if (partialChannels < 1 || channels % partialChannels != 0) {
            throw new IllegalArgumentException("partial channels K=" + partialChannels + " must be >= 1 and divide"
                    + " the channels C=" + channels + "; use K=1 to turn partial channels off, or pick C as a"
                    + " multiple of K");
        }
        if (inputChannels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("input must be at least 1x1x1 with 2+ classes; got " + inputChannels
                    + "x" + height + "x" + width + ", classes=" + classes);
        }
    }

    /** The benchmark's supernet (B1): C=8, 5 cells, stem 3C, no partial channels, Fashion-MNIST shapes. */
    public static SupernetShape benchmark() {
        return new SupernetShape(8, 5, 1, 3, 1, false, 1, 28, 28, 10);
    }

    public SupernetShape withChannels(int c) {
        return new SupernetShape(c, cells, cellsPerStage, stemMultiplier, partialChannels, edgeNormalization,
                inputChannels, height, width, classes);
    }

    public SupernetShape withCells(int n) {
        return new SupernetShape(channels, n, cellsPerStage, stemMultiplier, partialChannels, edgeNormalization,
                inputChannels, height, width, classes);
    }

    public SupernetShape withCellsPerStage(int n) {
        return new SupernetShape(channels, cells, n, stemMultiplier, partialChannels, edgeNormalization,
                inputChannels, height, width, classes);
    }

    /** PC-DARTS: K (1 = off) and whether edges are normalized. */
    public SupernetShape withPartialChannels(int k, boolean normalizeEdges) {
        return new SupernetShape(channels, cells, cellsPerStage, stemMultiplier, k, normalizeEdges, inputChannels,
                height, width, classes);
    }

    public SupernetShape withInput(int inChannels, int h, int w, int nClasses) {
        return new SupernetShape(channels, cells, cellsPerStage, stemMultiplier, partialChannels, edgeNormalization,
                inChannels, h, w, nClasses);
    }
}
