package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * Training choices searched next to the architecture: learning rate, weight decay, batch size, optimizer, epochs
 * (the full-budget epochs; a fidelity below 1 still scales them) and data augmentation. Add them to any space in
 * one line, {@code space.withHyperparameters(Hyperparameters.builder().learningRates(1e-3, 3e-3).build())}; the
 * training evaluator reads them from each sample ({@link TrainingSettings}), every strategy searches them like any
 * other choice, and a search's history shows one column per choice.
 *
 * <p>A decision that is not given keeps the evaluator's own setting; one with a single option fixes it for every
 * trial; one with several becomes a choice labelled {@code "hp/lr"}, {@code "hp/weight_decay"},
 * {@code "hp/batch"}, {@code "hp/optimizer"}, {@code "hp/epochs"} or {@code "hp/augment"}.
 *
 * <h2>Adding a training decision (checklist)</h2>
 * <ol>
 *   <li>a list here (with its check and label), a builder method and a line in {@link #choices()};</li>
 *   <li>a field in {@link TrainingSettings} read in {@link #settings(Sample)};</li>
 *   <li>where the trainer honours it: {@code Recipe.tunedBy} (or the trainer itself, as for augmentation).</li>
 * </ol>
 *
 * @param learningRates base learning rates
 * @param weightDecays  L2 weight decays
 * @param batchSizes    images per optimizer step
 * @param optimizers    {@code "adam"} or {@code "sgd"} (momentum 0.9)
 * @param epochs        full-budget epochs
 * @param augment       random flips and shifts of the training images on or off
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Hyperparameters(List<Double> learningRates, List<Double> weightDecays, List<Integer> batchSizes,
                              List<String> optimizers, List<Integer> epochs, List<Boolean> augment) {

    /** Prefix of every training choice's label. */
    public static final String PREFIX = "hp/";
    public static final String LR = "hp/lr";
    public static final String WEIGHT_DECAY = "hp/weight_decay";
    public static final String BATCH = "hp/batch";
    public static final String OPTIMIZER = "hp/optimizer";
    public static final String EPOCHS = "hp/epochs";
    public static final String AUGMENT = "hp/augment";
    /** Optimizers the trainer knows: {@code sgd} is SGD with momentum 0.9. */
    public static final List<String> OPTIMIZERS = List.of("adam", "sgd");

    @JsonCreator
    public Hyperparameters(@JsonProperty("learningRates") List<Double> learningRates,
                           @JsonProperty("weightDecays") List<Double> weightDecays,
                           @JsonProperty("batchSizes") List<Integer> batchSizes,
                           @JsonProperty("optimizers") List<String> optimizers,
                           @JsonProperty("epochs") List<Integer> epochs,
                           @JsonProperty("augment") List<Boolean> augment) {
        this.learningRates = copy(learningRates);
        this.weightDecays = copy(weightDecays);
        this.batchSizes = copy(batchSizes);
        this.optimizers = copy(optimizers);
        this.epochs = copy(epochs);
        this.augment = copy(augment);
        for (double lr : this.learningRates) {
            if (!(lr > 0) || Double.isInfinite(lr)) {
                throw new SpaceDefinitionException("choice '" + LR + "' option " + lr + " must be a positive number");
            }
        }
        for (double wd : this.weightDecays) {
            if (!(wd >= 0) || Double.isInfinite(wd)) {
                throw new SpaceDefinitionException("choice '" + WEIGHT_DECAY + "' option " + wd + " must be >= 0");
            }
        }
        for (int b : this.batchSizes) {
            if (b < 1) {
                throw new SpaceDefinitionException("choice '" + BATCH + "' option " + b + " must be at least 1");
            }
        }
        for (String o : this.optimizers) {
            if (!OPTIMIZERS.contains(o)) {
                throw new SpaceDefinitionException("choice '" + OPTIMIZER + "' option '" + o + "' is not an optimizer"
                        + " the trainer knows; use one of " + OPTIMIZERS);
            }
        }
        for (int e : this.epochs) {
            if (e < 1) {
                throw new SpaceDefinitionException("choice '" + EPOCHS + "' option " + e + " must be at least 1");
            }
        }
        if (choicesOf(this).isEmpty() && !anyFixed(this)) {
            throw new SpaceDefinitionException("no hyperparameters given: name at least one, for example"
                    + " Hyperparameters.builder().learningRates(1e-3, 3e-3).build()");
        }
    }

    private static <T> List<T> copy(List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (T v : values) {
            if (v == null) {
                throw new SpaceDefinitionException("a hyperparameter option is null: " + values);
            }
        }
        return List.copyOf(values);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The choices these hyperparameters add to a space (decisions with more than one option). */
    public List<Choice> choices() {
        return choicesOf(this);
    }

    private static List<Choice> choicesOf(Hyperparameters h) {
        var list = new ArrayList<Choice>();
        add(list, LR, h.learningRates);
        add(list, WEIGHT_DECAY, h.weightDecays);
        add(list, BATCH, h.batchSizes);
        add(list, OPTIMIZER, h.optimizers);
        add(list, EPOCHS, h.epochs);
        add(list, AUGMENT, h.augment);
        return list;
    }

    private static boolean anyFixed(Hyperparameters h) {
        return !h.learningRates.isEmpty() || !h.weightDecays.isEmpty() || !h.batchSizes.isEmpty()
                || !h.optimizers.isEmpty() || !h.epochs.isEmpty() || !h.augment.isEmpty();
    }

    private static void add(List<Choice> list, String label, List<?> options) {
        if (options.size() > 1) {
            list.add(new Choice(label, List.copyOf(options)));
        }
    }

    /** The training settings of a sample (a decision not given here is null: the evaluator's own). */
    public TrainingSettings settings(Sample sample) {
        Number lr = (Number) pick(sample, LR, learningRates);
        Number wd = (Number) pick(sample, WEIGHT_DECAY, weightDecays);
        Number batch = (Number) pick(sample, BATCH, batchSizes);
        Object opt = pick(sample, OPTIMIZER, optimizers);
        Number ep = (Number) pick(sample, EPOCHS, epochs);
        Object aug = pick(sample, AUGMENT, augment);
        return new TrainingSettings(lr == null ? null : lr.doubleValue(), wd == null ? null : wd.doubleValue(),
                batch == null ? null : batch.intValue(), opt == null ? null : opt.toString(),
                ep == null ? null : ep.intValue(), aug == null ? null : (Boolean) aug);
    }

    private static Object pick(Sample s, String label, List<?> options) {
        if (options.isEmpty()) {
            return null;
        }
        return options.size() > 1 ? s.get(label) : options.get(0);
    }

    @Override
    public String toString() {
        var parts = new ArrayList<String>();
        if (!learningRates.isEmpty()) {
            parts.add("lr " + learningRates);
        }
        if (!weightDecays.isEmpty()) {
            parts.add("weight decay " + weightDecays);
        }
        if (!batchSizes.isEmpty()) {
            parts.add("batch " + batchSizes);
        }
        if (!optimizers.isEmpty()) {
            parts.add("optimizer " + optimizers);
        }
        if (!epochs.isEmpty()) {
            parts.add("epochs " + epochs);
        }
        if (!augment.isEmpty()) {
            parts.add("augment " + augment);
        }
        return "hyperparameters: " + String.join(", ", parts);
    }

    /** Typed, one method per decision, each taking its candidate values. */
    public static final class Builder {
        private List<Double> learningRates;
        private List<Double> weightDecays;
        private List<Integer> batchSizes;
        private List<String> optimizers;
        private List<Integer> epochs;
        private List<Boolean> augment;

        private Builder() {
        }

        public Builder learningRates(Double... v) {
            learningRates = List.of(v);
            return this;
        }

        public Builder weightDecays(Double... v) {
            weightDecays = List.of(v);
            return this;
        }

        public Builder batchSizes(Integer... v) {
            batchSizes = List.of(v);
            return this;
        }

        /** {@code "adam"}, {@code "sgd"} (momentum 0.9). */
        public Builder optimizers(String... v) {
            optimizers = List.of(v);
            return this;
        }

        public Builder epochs(Integer... v) {
            epochs = List.of(v);
            return this;
        }

        /** {@code augment(false, true)} searches augmentation on and off. */
        public Builder augment(Boolean... v) {
            augment = List.of(v);
            return this;
        }

        public Hyperparameters build() {
            return new Hyperparameters(learningRates, weightDecays, batchSizes, optimizers, epochs, augment);
        }
    }
}
