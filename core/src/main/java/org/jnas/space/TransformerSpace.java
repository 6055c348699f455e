package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A layer-wise, variable-depth vision-transformer space (ViT, Dosovitskiy et al. 2021; the per-layer heads and MLP
 * ratios of AutoFormer, Chen et al. 2021, and HAT): an optional convolutional stem (a hybrid ViT), a patch
 * embedding with a learned position embedding, {@code depth} pre-norm encoder layers, then a classification head.
 * Only decisions with more than one option become choices:
 * <ul>
 *   <li>{@code "stem"}: channels of a 3x3 conv-BN-ReLU stem before the patches, {@code 0} for none;</li>
 *   <li>{@code "patch"}: patch side in pixels (the image side must be a multiple of it);</li>
 *   <li>{@code "width"}: the embedding width, shared by every layer (a residual stream needs one width);</li>
 *   <li>{@code "depth"}: the number of encoder layers;</li>
 *   <li>{@code "l<i>/heads"} and {@code "l<i>/mlp"} for every possible layer {@code i < max depth}: that layer's
 *       attention heads and MLP ratio (hidden width = ratio x width). Layers beyond the sampled depth are inactive:
 *       their choices stay in the sample (so every strategy sees a fixed list of choices, as in NNI's layer-wise
 *       spaces) but do not change the network.</li>
 * </ul>
 * Every head count must divide every width, so that every sample is a valid network; a definition that breaks
 * this fails at once naming the choice. Ready-made: {@link Spaces#vit()}.
 *
 * <pre>{@code
 * var space = TransformerSpace.builder("vit").patches(4, 7).widths(16, 32).depths(1, 2, 3)
 *         .heads(1, 2, 4).mlpRatios(1.0, 2.0, 4.0).stems(0, 8).build();
 * }</pre>
 *
 * @param name      space name
 * @param stems     conv-stem channel options ({@code 0}: no stem)
 * @param patches   patch side options
 * @param widths    embedding width options
 * @param depths    number-of-layers options
 * @param heads     per-layer attention head options
 * @param mlpRatios per-layer MLP ratio options
 */
public record TransformerSpace(String name, List<Integer> stems, List<Integer> patches, List<Integer> widths,
                               List<Integer> depths, List<Integer> heads, List<Double> mlpRatios)
        implements SearchSpace {

    @JsonCreator
    public TransformerSpace(@JsonProperty("name") String name, @JsonProperty("stems") List<Integer> stems,
                            @JsonProperty("patches") List<Integer> patches,
                            @JsonProperty("widths") List<Integer> widths,
                            @JsonProperty("depths") List<Integer> depths,
                            @JsonProperty("heads") List<Integer> heads,
                            @JsonProperty("mlpRatios") List<Double> mlpRatios) {
        this.name = name == null ? "transformer" : name;
        this.stems = values(this.name, "stem", stems, List.of(0), 0);
        this.patches = values(this.name, "patch", patches, null, 1);
        this.widths = values(this.name, "width", widths, null, 1);
        this.depths = values(this.name, "depth", depths, null, 1);
        this.heads = values(this.name, "l<i>/heads", heads, List.of(1), 1);
        if (mlpRatios == null || mlpRatios.isEmpty()) {
            mlpRatios = List.of(4.0);
        }
        for (Double r : mlpRatios) {
            if (r == null || !(r > 0) || Double.isInfinite(r)) {
                throw new SpaceDefinitionException("transformer space '" + this.name + "': choice 'l<i>/mlp' option "
                        + r + " must be a positive number (the MLP's hidden width is ratio x width)");
            }
        }
        this.mlpRatios = mlpRatios.stream().map(Number::doubleValue).toList();
        for (int h : this.heads) {
            for (int w : this.widths) {
                if (w % h != 0) {
                    throw new SpaceDefinitionException("transformer space '" + this.name + "': choice '"
                            + headsLabel(0) + "' (and every layer's heads) offers " + h
                            + " heads, which do not divide the embedding width " + w + " of choice 'width'; every"
                            + " head count must divide every width (each head gets width/heads channels): drop "
                            + h + " heads or width " + w);
                }
            }
        }
        for (double r : this.mlpRatios) {
            for (int w : this.widths) {
                if (Math.round(r * w) < 1) {
                    throw new SpaceDefinitionException("transformer space '" + this.name + "': choice 'l<i>/mlp'"
                            + " ratio " + r + " gives an MLP of no units at width " + w);
                }
            }
        }
        SearchSpace.checkUniqueLabels(this.name, choices());
    }

    private static List<Integer> values(String space, String label, List<Integer> values, List<Integer> fallback,
                                        int min) {
        if (values == null || values.isEmpty()) {
            if (fallback == null) {
                throw new SpaceDefinitionException("transformer space '" + space + "' needs at least one option for"
                        + " choice '" + label + "'");
            }
            return fallback;
        }
        for (Integer v : values) {
            if (v == null || v < min) {
                throw new SpaceDefinitionException("transformer space '" + space + "': choice '" + label
                        + "' option " + v + " must be at least " + min);
            }
        }
        return List.copyOf(values);
    }

    public static String headsLabel(int layer) {
        return "l" + layer + "/heads";
    }

    public static String mlpLabel(int layer) {
        return "l" + layer + "/mlp";
    }

    /** The deepest network this space can sample. */
    public int maxDepth() {
        return depths.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public List<Choice> choices() {
        var list = new ArrayList<Choice>();
        add(list, "stem", stems);
        add(list, "patch", patches);
        add(list, "width", widths);
        add(list, "depth", depths);
        for (int i = 0; i < maxDepth(); i++) {
            add(list, headsLabel(i), heads);
            add(list, mlpLabel(i), mlpRatios);
        }
        return list;
    }

    private static void add(List<Choice> list, String label, List<?> options) {
        if (options.size() > 1) {
            list.add(new Choice(label, List.copyOf(options)));
        }
    }

    private static Number pick(Sample s, String label, List<? extends Number> options) {
        return options.size() > 1 ? (Number) s.get(label) : options.get(0);
    }

    @Override
    public TransformerArchitecture freeze(Sample sample) {
        validate(sample);
        int depth = pick(sample, "depth", depths).intValue();
        var layers = new ArrayList<TransformerArchitecture.Layer>();
        for (int i = 0; i < depth; i++) {
            layers.add(new TransformerArchitecture.Layer(pick(sample, headsLabel(i), heads).intValue(),
                    pick(sample, mlpLabel(i), mlpRatios).doubleValue()));
        }
        return new TransformerArchitecture(sample, pick(sample, "stem", stems).intValue(),
                pick(sample, "patch", patches).intValue(), pick(sample, "width", widths).intValue(), layers);
    }

    @Override
    public String toString() {
        return "TransformerSpace " + name + ": stem " + stems + ", patch " + patches + ", width " + widths + ", depth "
                + depths + ", heads " + heads + " and MLP ratio " + mlpRatios + " per layer, " + choices().size()
                + " choices (" + size() + " samples)";
    }

    /** Fluent definition; every method takes the candidate values of one decision. */
    public static final class Builder {
        private final String name;
        private List<Integer> stems = List.of(0);
        private List<Integer> patches;
        private List<Integer> widths;
        private List<Integer> depths = List.of(1);
        private List<Integer> heads = List.of(1);
        private List<Double> mlpRatios = List.of(4.0);

        private Builder(String name) {
            this.name = name;
        }

        /** Conv-stem channels; 0 means no stem (a plain ViT). Default: no stem. */
        public Builder stems(Integer... channels) {
            stems = List.of(channels);
            return this;
        }

        public Builder patches(Integer... sides) {
            patches = List.of(sides);
            return this;
        }

        public Builder widths(Integer... widths) {
            this.widths = List.of(widths);
            return this;
        }

        public Builder depths(Integer... depths) {
            this.depths = List.of(depths);
            return this;
        }

        public Builder heads(Integer... heads) {
            this.heads = List.of(heads);
            return this;
        }

        public Builder mlpRatios(Double... ratios) {
            this.mlpRatios = List.of(ratios);
            return this;
        }

        public TransformerSpace build() {
            return new TransformerSpace(name, stems, patches, widths, depths, heads, mlpRatios);
        }
    }
}
