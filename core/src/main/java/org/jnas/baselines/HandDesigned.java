package org.jnas.baselines;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.space.Architecture;
import org.jnas.space.ChainSpace;
import org.jnas.space.Genotypes;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;

/**
 * A family of networks a person would write by hand (or take from a paper), scaled by a width multiplier: the
 * baselines a search's winner must beat at the same cost and under the same training recipe
 * ({@link BaselineComparison}). Each member is an ordinary {@link Architecture}: it has costs, a picture, a JSON
 * form, and trains through the usual {@link NetworkBuilder}.
 *
 * <pre>{@code
 * var net = HandDesigned.resNet(1).at(0.5);        // ResNet-8 at half width
 * net.architecture();                              // a ChainArchitecture: ChainDiagram.of(...), JSON, costs
 * }</pre>
 *
 * <p>The ready-made families are sized for 28x28 inputs (Fashion-MNIST) and say how they differ from their paper
 * in {@link #reference()}. To add a family: give {@link #HandDesigned} a name, a reference (paper and the
 * differences), and a function from width multiplier to {@link Network}; make the cost grow with the width (cost
 * matching bisects on it); keep every channel count at least {@link #MIN_CHANNELS}.
 */
public final class HandDesigned {

    /** No layer is narrower than this, whatever the width multiplier. */
    public static final int MIN_CHANNELS = 4;

    /**
     * One member of a family.
     *
     * @param family       the family's name, for example {@code "resnet-8"}
     * @param width        the width multiplier it was built at (1 = the family's reference size)
     * @param architecture the network, an architecture like any other
     * @param channels     C of a cell network (DARTS); unused by chain networks
     * @param cells        cells of a DARTS network; unused by chain networks
     */
    public record Network(String family, double width, Architecture architecture, int channels, int cells) {
        /** A network builder for this member (input shape and classes are set by the evaluator from the data). */
        public NetworkBuilder networkBuilder() {
            return new NetworkBuilder().channels(channels).cells(cells);
        }

        /** {@code "resnet-8 x0.75"}. */
        public String label() {
            return family + String.format(Locale.ROOT, " x%.3g", width);
        }

        @Override
        public String toString() {
            return label() + ": " + architecture;
        }
    }

    private final String name;
    private final String reference;
    private final DoubleFunction<Network> at;

    /**
     * @param name      short name, shown in tables
     * @param reference the paper it follows and how this version differs
     * @param at        the member at a width multiplier
     */
    public HandDesigned(String name, String reference, DoubleFunction<Network> at) {
        this.name = Objects.requireNonNull(name, "name");
        this.reference = Objects.requireNonNull(reference, "reference");
        this.at = Objects.requireNonNull(at, "at");
    }

    public String name() {
        return name;
    }

    /** The paper this family follows, and how it differs here. */
    public String reference() {
        return reference;
    }

    /** The member at width multiplier {@code width} (> 0; 1 is the reference size). */
    public Network at(double width) {
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("width multiplier must be a positive number, got " + width);
        }
        return at.apply(width);
    }

    static int scaled(int channels, double width) {
        return Math.max(MIN_CHANNELS, (int) Math.round(channels * width));
    }

    /**
     * CIFAR-style ResNet (He et al. 2016, section 4.2): a 3x3 stem with 16 channels, three stages of
     * {@code blocksPerStage} basic blocks with 16, 32, 64 channels, the last two halving the resolution, global
     * pooling, linear: 6n+2 layers (n=1: ResNet-8, n=3: ResNet-20). The width multiplier scales every stage (as
     * Wide ResNet's k). Differs from the paper: 28x28 inputs, and projection shortcuts (1x1 conv, the paper's
     * option B) where the shape changes instead of zero-padding (option A).
     */
    public static HandDesigned resNet(int blocksPerStage) {
        requirePositive("blocksPerStage", blocksPerStage);
        String name = "resnet-" + (6 * blocksPerStage + 2);
        return new HandDesigned(name, "He et al. 2016 (CIFAR ResNet, 6n+2 layers, n=" + blocksPerStage
                + "); projection shortcuts, 28x28 input", w -> {
            ChainSpace space = ChainSpace.builder(name).stem(scaled(16, w))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(16, w)).ops("resblock"))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(32, w)).ops("resblock").stride(2))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(64, w)).ops("resblock").stride(2))
                    .build();
            return new Network(name, w, space.freeze(Sample.of(Map.of())), 16, 5);
        });
    }

    /**
     * MobileNetV2 (Sandler et al. 2018) cut to 28x28 inputs: a 3x3 stem with 32 channels (stride 1, not 2), then
     * inverted residual stages (expansion t, channels c, blocks n, stride s) = (1, 16, 1, 1), (6, 24, n, 2),
     * (6, 32, n, 2), (6, 64, n, 1) with ReLU6 and linear bottlenecks, global pooling, linear. The width multiplier
     * scales every layer. Differs from the paper: the paper's later stages (96, 160, 320 channels), its final 1x1
     * convolution to 1280 and dropout are left out (at 7x7 and 10 classes they only add size), its
     * {@code blocksPerStage} is 2-4 per stage, and channels are rounded to integers instead of multiples of 8.
     */
    public static HandDesigned mobileNetV2(int blocksPerStage) {
        requirePositive("blocksPerStage", blocksPerStage);
        String name = "mobilenetv2" + (blocksPerStage == 1 ? "" : "-n" + blocksPerStage);
        return new HandDesigned(name, "Sandler et al. 2018 (MobileNetV2), first four stages, " + blocksPerStage
                + " block(s) per stage, no 1280-channel head, 28x28 input", w -> {
            ChainSpace space = ChainSpace.builder(name).stem(scaled(32, w))
                    .stage(s -> s.depths(1).widths(scaled(16, w)).ops("mbconv").expansions(1))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(24, w)).ops("mbconv").expansions(6)
                            .stride(2))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(32, w)).ops("mbconv").expansions(6)
                            .stride(2))
                    .stage(s -> s.depths(blocksPerStage).widths(scaled(64, w)).ops("mbconv").expansions(6))
                    .build();
            return new Network(name, w, space.freeze(Sample.of(Map.of())), 16, 5);
        });
    }

    /**
     * The DARTS (second order) cells published by Liu et al. 2019 ({@link Genotypes#DARTS_V2}), "NAS from the
     * literature", in jnas's DARTS skeleton with {@code cells} cells (reductions at 1/3 and 2/3) and C = 16 x width
     * channels. Differs from the paper's evaluation network: the paper uses 20 cells, C=36, an auxiliary head,
     * drop-path and cutout for 600 epochs on CIFAR-10; here the shared recipe trains it like every other network.
     */
    public static HandDesigned dartsV2(int cells) {
        if (cells < 3) {
            throw new IllegalArgumentException("a DARTS network needs at least 3 cells (two are reductions), got "
                    + cells);
        }
        String name = "darts-v2-" + cells + "cells";
        return new HandDesigned(name, "Liu et al. 2019 (DARTS V2 cells), " + cells
                + " cells, no auxiliary head, drop-path or cutout, 28x28 input", w -> {
            var space = Spaces.darts();
            return new Network(name, w, space.freeze(space.fromGenotype(Genotypes.DARTS_V2)), scaled(16, w), cells);
        });
    }

    private static void requirePositive(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + n);
        }
    }

    @Override
    public String toString() {
        return name + " (" + reference + ")";
    }
}
