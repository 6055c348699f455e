package org.jnas.darts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jnas.space.DifferentiableSpace;
import org.jnas.space.Sample;

/**
 * What a DARTS search produced, as plain data: the derived architecture (a sample of the searched space), and per
 * epoch the alphas, the derived architecture, the train/validation curves; the search cost and why it stopped.
 * Charts (alpha plots, curves) read these lists directly.
 *
 * @param space        the searched space
 * @param architecture the final derived architecture, a sample of {@code space}
 * @param epochs       one record per epoch (the last one partial if the search was interrupted)
 * @param edgeLabels   per cell type, the edge labels {@code "i->j"} in alpha row order
 * @param candidates   per cell type, the candidate ops in alpha column order
 * @param searchSeconds wall-clock seconds of the search (supernet building included)
 * @param stopReason   "completed", "interrupted", or the collapse remedy's reason
 * @param memory       the estimate the search was admitted with
 */
public record DartsResult(DifferentiableSpace space, Sample architecture, List<EpochRecord> epochs,
                          Map<String, List<String>> edgeLabels, Map<String, List<String>> candidates,
                          double searchSeconds, String stopReason, MemoryEstimate memory) {

    public DartsResult {
        epochs = List.copyOf(epochs);
        // sorted: Map.copyOf's iteration order changes from JVM to JVM
        edgeLabels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(edgeLabels));
        candidates = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(candidates));
    }

    /**
     * One epoch of the search.
     *
     * @param epoch         0-based
     * @param steps         search steps done in this epoch
     * @param trainLoss     mean training loss of the weight steps
     * @param trainAccuracy training accuracy of the weight steps
     * @param validLoss     mean validation loss seen by the architecture steps
     * @param validAccuracy validation accuracy seen by the architecture steps
     * @param learningRate  the weights' learning rate (cosine schedule)
     * @param alphas        per cell type, softmax(alpha) [edge][candidate]
     * @param edgeWeights   per cell type, the mixing weights the derivation used (softmax(alpha) times the edge
     *                      normalization weight, or equal to {@code alphas} without it)
     * @param architecture  the architecture derived at the end of the epoch
     * @param seconds       wall-clock seconds of the epoch
     * @param architectureFrozen a warm-up epoch: only the weights trained, the validation loss was only watched
     */
    public record EpochRecord(int epoch, int steps, double trainLoss, double trainAccuracy, double validLoss,
                              double validAccuracy, double learningRate, Map<String, double[][]> alphas,
                              Map<String, double[][]> edgeWeights, Sample architecture, double seconds,
                              boolean architectureFrozen) {
    }

    public boolean interrupted() {
        return stopReason.equals("interrupted");
    }

    /** The derived architecture in the space's text form: a DARTS genotype or a NAS-Bench-201 string. */
    public String genotype() {
        return text(architecture);
    }

    String text(Sample s) {
        return space.genotype(s);
    }

    /** softmax(alpha) of one edge over the epochs: [epoch][candidate], for alpha plots. */
    public List<double[]> alphaHistory(String cellType, String edgeLabel) {
        int row = edgeLabels.get(cellType).indexOf(edgeLabel);
        if (row < 0) {
            throw new IllegalArgumentException("cell type '" + cellType + "' has no edge '" + edgeLabel + "'; edges: "
                    + edgeLabels.get(cellType));
        }
        var out = new ArrayList<double[]>();
        for (EpochRecord e : epochs) {
            out.add(e.alphas().get(cellType)[row].clone());
        }
        return out;
    }

    /** Training and validation curves: one row per epoch, {trainLoss, trainAccuracy, validLoss, validAccuracy}. */
    public List<double[]> curves() {
        return epochs.stream().map(e -> new double[] {e.trainLoss(), e.trainAccuracy(), e.validLoss(),
            e.validAccuracy()}).toList();
    }

    @Override
    public String toString() {
        var sb = new StringBuilder("DARTS search: " + epochs.size() + " epoch(s), " + String.format("%.0f s", searchSeconds)
                + ", " + stopReason + "\n");
        for (EpochRecord e : epochs) {
            sb.append(String.format("  epoch %d: train loss %.3f acc %.3f | valid loss %.3f acc %.3f | lr %.4f | %s%n",
                    e.epoch(), e.trainLoss(), e.trainAccuracy(), e.validLoss(), e.validAccuracy(), e.learningRate(),
                    e.architectureFrozen() ? "warm-up (architecture frozen)" : text(e.architecture())));
        }
        sb.append("  derived: ").append(genotype());
        return sb.toString();
    }
}
