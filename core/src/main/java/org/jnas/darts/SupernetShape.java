package org.jnas.darts;

/**
 * How big the supernet is: the knobs that decide its speed and memory. A record so that a search, the memory
 * estimate and the benchmark all read the same numbers. Build one by name with {@link #builder()} (ten positional
 * numbers are unreadable); the record's constructor checks the values.
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

    /**
     * A shape by name, starting from the B1 benchmark's: C=8, 5 cells (DARTS skeleton), 1 cell per stage
     * (NAS-Bench-201 skeleton), stem 3C, partial channels off, Fashion-MNIST input (1x28x28, 10 classes).
     * <pre>{@code
     * SupernetShape.builder().channels(16).partialChannels(4, true).build();
     * }</pre>
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this shape's values, to change some by name. */
    public Builder toBuilder() {
        return new Builder().channels(channels).cells(cells).cellsPerStage(cellsPerStage)
                .stemMultiplier(stemMultiplier).partialChannels(partialChannels, edgeNormalization)
                .input(inputChannels, height, width, classes);
    }

    /** The benchmark's supernet (B1): C=8, 5 cells, stem 3C, no partial channels, Fashion-MNIST shapes. */
    public static SupernetShape benchmark() {
        return builder().channels(8).cells(5).stemMultiplier(3).partialChannels(1, false).input(1, 28, 28, 10)
                .build();
    }

    public SupernetShape withChannels(int c) {
        return toBuilder().channels(c).build();
    }

    public SupernetShape withCells(int n) {
        return toBuilder().cells(n).build();
    }

    public SupernetShape withCellsPerStage(int n) {
        return toBuilder().cellsPerStage(n).build();
    }

    /** PC-DARTS: K (1 = off) and whether edges are normalized. */
    public SupernetShape withPartialChannels(int k, boolean normalizeEdges) {
        return toBuilder().partialChannels(k, normalizeEdges).build();
    }

    public SupernetShape withInput(int inChannels, int h, int w, int nClasses) {
        return toBuilder().input(inChannels, h, w, nClasses).build();
    }

    /** Sizes by name; {@link #build()} checks them (the record's constructor says what is wrong). */
    public static final class Builder {
        private int channels = 8;
        private int cells = 5;
        private int cellsPerStage = 1;
        private int stemMultiplier = 3;
        private int partialChannels = 1;
        private boolean edgeNormalization = false;
        private int inputChannels = 1;
        private int height = 28;
        private int width = 28;
        private int classes = 10;

        private Builder() {
        }

        /** C, the channels of the first cells (doubled at each reduction). */
        public Builder channels(int c) {
            channels = c;
            return this;
        }

        /** DARTS skeleton: total cells, reductions at 1/3 and 2/3 of the depth. */
        public Builder cells(int n) {
            cells = n;
            return this;
        }

        /** NAS-Bench-201 skeleton: cells in each of the three stages. */
        public Builder cellsPerStage(int n) {
            cellsPerStage = n;
            return this;
        }

        /** DARTS skeleton: the stem has {@code m * C} channels. */
        public Builder stemMultiplier(int m) {
            stemMultiplier = m;
            return this;
        }

        /** PC-DARTS: 1/K of the channels through the candidate ops (K = 1: off), and its edge normalization. */
        public Builder partialChannels(int k, boolean normalizeEdges) {
            partialChannels = k;
            edgeNormalization = normalizeEdges;
            return this;
        }

        /** The images: channels, height, width, and the number of classes. */
        public Builder input(int inChannels, int h, int w, int nClasses) {
            inputChannels = inChannels;
            height = h;
            width = w;
            classes = nClasses;
            return this;
        }

        public SupernetShape build() {
            return new SupernetShape(channels, cells, cellsPerStage, stemMultiplier, partialChannels,
                    edgeNormalization, inputChannels, height, width, classes);
        }
    }
}
