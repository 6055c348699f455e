package org.jnas.eval.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.Map;
import java.util.Objects;
import org.jnas.eval.cost.Costs;
import org.jnas.eval.cost.Latency;
import org.jnas.space.Architecture;
import org.jnas.space.CellArchitecture;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.ChoiceArchitecture;
import org.jnas.space.TransformerArchitecture;
import org.jnas.space.TunedArchitecture;

/**
 * Builds any frozen {@link Architecture} into an (uninitialized) DJL {@link Block} for an input shape and a class
 * count, so that evaluators, cost models and users all get the same network for the same architecture. The
 * architecture builds itself ({@link Architecture#network}) from these settings:
 * <ul>
 *   <li>{@link CellArchitecture}: the NAS-Bench-201 or DARTS skeleton of {@link CellNetwork}, with
 *       {@link #channels}, {@link #cellsPerStage} (NAS-Bench-201) and {@link #cells} (DARTS).</li>
 *   <li>{@link ChainArchitecture}: {@link ChainNetwork}.</li>
 *   <li>{@link TransformerArchitecture}: {@link TransformerNetwork} (a small ViT).</li>
 *   <li>{@link TunedArchitecture}: the network of its architecture (its training choices are the evaluator's).</li>
 *   <li>{@link ChoiceArchitecture}: the user's {@link #choiceNetwork function}, since only the user knows what
 *       their choices mean.</li>
 * </ul>
 * Defaults are small (16 channels, 1 cell per stage, 5 DARTS cells, 1x28x28 input, 10 classes): enough to rank
 * architectures on Fashion-MNIST with 2 CPU cores.
 *
 * <pre>{@code
 * Block net = new NetworkBuilder().input(1, 28, 28).classes(10).channels(16).build(arch);
 * }</pre>
 */
public final class NetworkBuilder implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /** Builds the network of a {@link ChoiceArchitecture} from its sample. */
    @FunctionalInterface
    public interface ChoiceNetwork {
        /**
         * @param arch    the frozen choices
         * @param input   (C, H, W) of one image
         * @param classes number of outputs
         */
        Block build(ChoiceArchitecture arch, Shape input, int classes);
    }

    private int inputChannels = 1;
    private int height = 28;
    private int width = 28;
    private int classes = 10;
    private int channels = 16;
    private int cellsPerStage = 1;
    private int cells = 5;
    private ChoiceNetwork choiceNetwork;

    /** Shape of one input image, channels first. */
    public NetworkBuilder input(int channels, int height, int width) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive (C, H, W), got " + channels + "x"
                    + height + "x" + width);
        }
        this.inputChannels = channels;
        this.height = height;
        this.width = width;
        return this;
    }

    public NetworkBuilder classes(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        this.classes = classes;
        return this;
    }

    /** C of cell networks: the first stage's channels (doubled at each reduction). */
    public NetworkBuilder channels(int channels) {
        if (channels < 2) {
            throw new IllegalArgumentException("channels must be at least 2, got " + channels);
        }
        this.channels = channels;
        return this;
    }

    /** NAS-Bench-201 skeleton: cells in each of its three stages (the benchmark itself uses 5). */
    public NetworkBuilder cellsPerStage(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cellsPerStage must be at least 1, got " + n);
        }
        this.cellsPerStage = n;
        return this;
    }

    /** DARTS skeleton: total cells, reductions at 1/3 and 2/3 (DARTS evaluates with 20). */
    public NetworkBuilder cells(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("cells must be at least 1, got " + n);
        }
        this.cells = n;
        return this;
    }

    /** How to build {@link ChoiceArchitecture}s; required for a {@code ChoiceSpace}. */
    public NetworkBuilder choiceNetwork(ChoiceNetwork factory) {
        this.choiceNetwork = Objects.requireNonNull(factory, "choiceNetwork");
        return this;
    }

    /** The input shape for a batch: (batch, C, H, W). */
    public Shape inputShape(int batch) {
        return new Shape(batch, inputChannels, height, width);
    }

    public int classes() {
        return classes;
    }

    /** C of cell networks. */
    public int channels() {
        return channels;
    }

    /** Cells of a DARTS network. */
    public int cells() {
        return cells;
    }

    /**
     * The architecture's costs without training it: {@code params}, {@code flops} (MACs per image),
     * {@code peak_memory_mb} ({@link org.jnas.eval.cost.PeakMemory}) and, unless
     * {@code latency} is null, {@code latency_ms} measured on the default device. Hardware-aware searches use it
     * to see what a latency bound means before spending training time.
     */
    public Map<String, Double> costs(Architecture arch, Latency latency) {
        Libtorch.prepare();
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = build(arch);
            block.initialize(manager, DataType.FLOAT32, inputShape(1));
            return Costs.measure(block, manager, new Shape(inputChannels, height, width), latency);
        }
    }

    /**
     * Why this builder cannot make networks of {@code space}'s architectures, or empty. Freezes one sample and
     * asks it for its network (a DJL block is only described here: nothing is initialized or allocated); a
     * {@code ChoiceSpace} without {@link #choiceNetwork} is the usual reason.
     */
    public java.util.Optional<String> cannotBuild(org.jnas.space.SearchSpace space) {
        Architecture arch;
        try {
            arch = space.freeze(space.sample(new java.util.Random(0)));
        } catch (RuntimeException e) {
            return java.util.Optional.of("space '" + space.name() + "' cannot freeze a sample: " + e.getMessage());
        }
        try {
            build(arch);
        } catch (RuntimeException e) {
            return java.util.Optional.of("space '" + space.name() + "': " + e.getMessage()
                    + (arch instanceof ChoiceArchitecture ? " (a JSON spec cannot give one: use a cell, chain or"
                    + " transformer space there)" : ""));
        }
        return java.util.Optional.empty();
    }

    /**
     * A fresh network for the architecture ({@link Architecture#network}); initialize it with
     * {@link #inputShape(int)}.
     */
    public Block build(Architecture arch) {
        Objects.requireNonNull(arch, "architecture");
        Block b = arch.network(this);
        if (b == null) {
            throw new IllegalStateException(arch.getClass().getSimpleName() + ".network returned no block for " + arch);
        }
        return b;
    }

    public int inputChannels() {
        return inputChannels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Cells in each NAS-Bench-201 stage. */
    public int cellsPerStage() {
        return cellsPerStage;
    }

    /** The user's function for {@link ChoiceArchitecture}s, or null when none was given. */
    public ChoiceNetwork choiceNetwork() {
        return choiceNetwork;
    }

    @Override
    public String toString() {
        return "NetworkBuilder(input " + inputChannels + "x" + height + "x" + width + ", " + classes + " classes, C="
                + channels + ", cellsPerStage=" + cellsPerStage + ", cells=" + cells + ")";
    }
}
