package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import org.jnas.ops.ChainBlocks;

/**
 * A global (chain) space, the usual shape of hardware-aware spaces (MnasNet, ProxylessNAS, Once-for-All): a stem,
 * then stages of blocks, each stage choosing its depth, width, kernel size, block type and expansion ratio. Only
 * decisions with more than one option become choices, labelled {@code "s<i>/depth"}, {@code "s<i>/width"},
 * {@code "s<i>/kernel"}, {@code "s<i>/op"}, {@code "s<i>/expand"}.
 *
 * <p>Block types are registered in {@link ChainBlocks} (add your own there). Built in: {@code conv} (conv-BN-ReLU), {@code dwsep} (depthwise-separable: depthwise kxk, pointwise 1x1),
 * {@code mbconv} (MobileNetV2 inverted residual: 1x1 expand by the ratio, depthwise kxk, 1x1 project, residual
 * when shapes allow), {@code resblock} (ResNet basic block: two kxk conv-BN with ReLU between, added to the input,
 * or to a 1x1 conv-BN projection of it when the stride or width changes, then ReLU).
 *
 * @param name   space name
 * @param stem   channels of the stem convolution
 * @param stages the stages, in order
 */
public record ChainSpace(String name, int stem, List<Stage> stages) implements SearchSpace {

    /**
     * The options of one stage; its first block applies {@code stride}.
     */
    public record Stage(List<Integer> depths, List<Integer> widths, List<Integer> kernels, List<String> ops,
                        List<Integer> expansions, int stride) {
        @JsonCreator
        public Stage(@JsonProperty("depths") List<Integer> depths, @JsonProperty("widths") List<Integer> widths,
                     @JsonProperty("kernels") List<Integer> kernels, @JsonProperty("ops") List<String> ops,
                     @JsonProperty("expansions") List<Integer> expansions, @JsonProperty("stride") int stride) {
            this.depths = nonEmpty("depths", depths, List.of(1));
            this.widths = nonEmpty("widths", widths, null);
            this.kernels = nonEmpty("kernels", kernels, List.of(3));
            this.ops = nonEmpty("ops", ops, List.of("conv"));
            this.expansions = nonEmpty("expansions", expansions, List.of(1));
            this.stride = stride == 0 ? 1 : stride;
            for (String op : this.ops) {
                ChainBlocks.get(op); // an unknown name fails here, listing the registered ones
            }
            for (int k : this.kernels) {
                if (k < 1 || k % 2 == 0) {
                    throw new SpaceDefinitionException("kernel size " + k + " must be odd and positive");
                }
            }
            if (this.depths.stream().anyMatch(d -> d < 1) || this.widths.stream().anyMatch(w -> w < 1)
                    || this.expansions.stream().anyMatch(e -> e < 1)) {
                throw new SpaceDefinitionException("depths, widths and expansions must be positive: " + this);
            }
            if (this.stride != 1 && this.stride != 2) {
                throw new SpaceDefinitionException("stage stride must be 1 or 2, got " + stride);
            }
        }

        private static <T> List<T> nonEmpty(String what, List<T> values, List<T> fallback) {
            if (values == null || values.isEmpty()) {
                if (fallback == null) {
                    throw new SpaceDefinitionException("a chain stage needs at least one value for " + what);
                }
                return fallback;
            }
            return List.copyOf(values);
        }
    }

    @JsonCreator
    public ChainSpace(@JsonProperty("name") String name, @JsonProperty("stem") int stem,
                      @JsonProperty("stages") List<Stage> stages) {
        this.name = name == null ? "chain" : name;
        if (stages == null || stages.isEmpty()) {
            throw new SpaceDefinitionException("chain space '" + this.name + "' has no stages");
        }
        if (stem < 1) {
            throw new SpaceDefinitionException("chain space '" + this.name + "' stem width must be positive");
        }
        this.stem = stem;
        this.stages = List.copyOf(stages);
        SearchSpace.checkUniqueLabels(this.name, choices());
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    @Override
    public List<Choice> choices() {
        var list = new ArrayList<Choice>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            add(list, "s" + i + "/depth", s.depths());
            add(list, "s" + i + "/width", s.widths());
            add(list, "s" + i + "/kernel", s.kernels());
            add(list, "s" + i + "/op", s.ops());
            add(list, "s" + i + "/expand", s.expansions());
        }
        return list;
    }

    private static void add(List<Choice> list, String label, List<?> options) {
        if (options.size() > 1) {
            list.add(new Choice(label, List.copyOf(options)));
        }
    }

    private static Object pick(Sample s, String label, List<?> options) {
        return options.size() > 1 ? s.get(label) : options.get(0);
    }

    @Override
    public ChainArchitecture freeze(Sample sample) {
        validate(sample);
        var blocks = new ArrayList<ChainArchitecture.Block>();
        for (int i = 0; i < stages.size(); i++) {
            Stage st = stages.get(i);
            int depth = ((Number) pick(sample, "s" + i + "/depth", st.depths())).intValue();
            int width = ((Number) pick(sample, "s" + i + "/width", st.widths())).intValue();
            int kernel = ((Number) pick(sample, "s" + i + "/kernel", st.kernels())).intValue();
            String op = String.valueOf(pick(sample, "s" + i + "/op", st.ops()));
            int expand = ((Number) pick(sample, "s" + i + "/expand", st.expansions())).intValue();
            for (int b = 0; b < depth; b++) {
                blocks.add(new ChainArchitecture.Block(op, width, kernel, b == 0 ? st.stride() : 1,
                        ChainBlocks.get(op).usesExpansion() ? expand : 1));
            }
        }
        return new ChainArchitecture(sample, stem, blocks);
    }

    @Override
    public String toString() {
        return "ChainSpace " + name + ": stem " + stem + ", " + stages.size() + " stages, " + choices().size()
                + " choices (" + size() + " architectures)";
    }

    /** Fluent definition: {@code ChainSpace.builder("mobile").stem(16).stage(s -> s.depths(1, 2).widths(16, 32))}. */
    public static final class Builder {
        private final String name;
        private int stem = 16;
        private final List<Stage> stages = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder stem(int channels) {
            this.stem = channels;
            return this;
        }

        public Builder stage(java.util.function.Consumer<StageBuilder> spec) {
            var sb = new StageBuilder();
            spec.accept(sb);
            stages.add(new Stage(sb.depths, sb.widths, sb.kernels, sb.ops, sb.expansions, sb.stride));
            return this;
        }

        public ChainSpace build() {
            return new ChainSpace(name, stem, stages);
        }
    }

    /** Options of one stage, each method taking the candidate values. */
    public static final class StageBuilder {
        private List<Integer> depths = List.of(1);
        private List<Integer> widths;
        private List<Integer> kernels = List.of(3);
        private List<String> ops = List.of("conv");
        private List<Integer> expansions = List.of(1);
        private int stride = 1;

        public StageBuilder depths(Integer... v) {
            depths = List.of(v);
            return this;
        }

        public StageBuilder widths(Integer... v) {
            widths = List.of(v);
            return this;
        }

        public StageBuilder kernels(Integer... v) {
            kernels = List.of(v);
            return this;
        }

        public StageBuilder ops(String... v) {
            ops = List.of(v);
            return this;
        }

        public StageBuilder expansions(Integer... v) {
            expansions = List.of(v);
            return this;
        }

        public StageBuilder stride(int s) {
            stride = s;
            return this;
        }
    }
}
