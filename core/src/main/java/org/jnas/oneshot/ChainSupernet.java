package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jnas.darts.SupernetShape;
import org.jnas.eval.djl.ChainNetwork;
import org.jnas.ops.ChainBlocks;
import org.jnas.space.Architecture;
import org.jnas.space.ChainArchitecture;
import org.jnas.space.ChainSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;

/**
 * The elastic supernet of a {@link ChainSpace}, as in Once-for-All (Cai et al., 2020): every stage holds its
 * deepest stack of blocks, each at the largest width, kernel and expansion the stage offers, and a candidate runs a
 * slice of it: the first {@code w} output (and input) channels, the centre {@code k x k} of every kernel, and the
 * first {@code d} blocks of each stage (the trailing ones are dropped). When a stage's block type is a choice, each
 * type has its own weights (a conv and a resblock share nothing). The forward pass is functional (DJL's static
 * {@code Conv2d.conv2d} and {@code BatchNorm.batchNorm} on sliced arrays), so gradients reach exactly the slices a
 * path used.
 *
 * <p>Each sliced block computes exactly what {@link ChainNetwork} builds stand-alone for that block, which
 * {@link #extract} relies on: conv-BN-ReLU; depthwise-separable; MobileNetV2's inverted residual (the expansion
 * convolution skipped at ratio 1, its depthwise layer then reading the first {@code in} channels; the residual added
 * when the candidate's stride is 1 and its widths match); ResNet's basic block (with a 1x1 projection shortcut on a
 * stage's first block when the candidate's stride or width changes). Those forms are {@link ElasticBlocks}; a block
 * type reaches this class only through its {@link ElasticBlock} ({@link org.jnas.ops.ChainBlock#elastic()}), so a
 * block type you register with an elastic form is searched one-shot like the built-in ones, and one without is
 * refused by name before training.
 *
 * <p>Differences from Once-for-All: kernels are centre-cropped without OFA's learned kernel transformation
 * matrices, channels are the first {@code w} without OFA's importance sorting, and training is single-path
 * (uniform, fair or sandwich, see {@link PathSampling}) without progressive shrinking or distillation. BatchNorm
 * statistics are per slice of the largest layer and re-estimated per candidate before scoring
 * ({@link BatchNormRecalibration}).
 */
public final class ChainSupernet implements OneShotSupernet {
    private final ChainSpace space;
    private final SupernetShape shape;
    private final NDManager manager;
    private final SlicedConv stemConv;
    private final SlicedNorm stemNorm;
    /** Per stage, per block type, the stage's deepest stack of block positions. */
    private final List<Map<String, List<Position>>> stages = new ArrayList<>();
    private final Parameter headWeight;
    private final Parameter headBias;
    private final List<Parameter> all = new ArrayList<>();
    private List<Config> path;

    /** One stage's choice for the current path. */
    private record Config(int depth, int width, int kernel, String op, int expansion, int stride) {
        /** What block {@code b} of the stage runs, given the stage's input width. */
        ElasticBlock.Slice slice(int b, int in) {
            return new ElasticBlock.Slice(b == 0 ? in : width, width, kernel, b == 0 ? stride : 1, expansion);
        }
    }

    /** One block position of a stage for one block type, at the stage's largest sizes. */
    private record Position(ElasticBlock block, long weights) {
    }

    /**
     * Builds the supernet and draws its weights from {@code seed} (He-normal convolutions, BatchNorm scale 1,
     * shift 0, statistics 0 and 1).
     *
     * @param shape input channels, height, width and classes (the cell sizes in it are not used)
     */
    public ChainSupernet(ChainSpace space, SupernetShape shape, long seed, NDManager parent) {
        requireShareable(space);
        this.space = space;
        this.shape = shape;
        this.manager = parent.newSubManager();
        manager.getEngine().setRandomSeed((int) seed);
        var stem = new Allocating("stem");
        stemConv = stem.conv("", space.stem(), shape.inputChannels(), 3, false);
        stemNorm = stem.norm("", space.stem());
        int in = space.stem();
        for (int i = 0; i < space.stages().size(); i++) {
            ChainSpace.Stage st = space.stages().get(i);
            var byOp = new LinkedHashMap<String, List<Position>>();
            for (String op : st.ops()) {
                var blocks = new ArrayList<Position>();
                for (int b = 0; b < max(st.depths()); b++) {
                    var layers = new Allocating("s" + i + "/" + op + "/b" + b);
                    ElasticBlock block = elastic(op).create(layers, largest(st, op, b, in), b == 0);
                    blocks.add(new Position(block, layers.weights));
                }
                byOp.put(op, blocks);
            }
            stages.add(byOp);
            in = max(st.widths());
        }
        headWeight = parameter("head/weight", manager.randomNormal(0f, (float) Math.sqrt(1.0 / in),
                new Shape(shape.classes(), in), DataType.FLOAT32));
        headBias = parameter("head/bias", manager.zeros(new Shape(shape.classes())));
        setPath(space.freeze(largestSample()));
    }

    /** The largest slice of block {@code b} of stage {@code st} for block type {@code op}. */
    private static ElasticBlock.Slice largest(ChainSpace.Stage st, String op, int b, int stageIn) {
        int w = max(st.widths());
        int e = ChainBlocks.get(op).usesExpansion() ? max(st.expansions()) : 1;
        return new ElasticBlock.Slice(b == 0 ? stageIn : w, w, max(st.kernels()), b == 0 ? st.stride() : 1, e);
    }

    private static ElasticBlock.Factory elastic(String op) {
        return ChainBlocks.get(op).elastic();
    }

    /** Every block type of the space must have an elastic form; another is refused naming its choice. */
    static void requireShareable(ChainSpace space) {
        for (int i = 0; i < space.stages().size(); i++) {
            for (String op : space.stages().get(i).ops()) {
                if (elastic(op) == null) {
                    throw new SpaceDefinitionException("block type '" + op + "' of choice 's" + i + "/op' in space '"
                            + space.name() + "' has no elastic (sliced) form for the one-shot chain supernet. Give it"
                            + " one: ChainBlocks.register(ChainBlocks.get(\"" + op + "\").withElastic(factory)) (the"
                            + " checklist is on org.jnas.oneshot.ElasticBlock), or use a stand-alone evaluator"
                            + " (Evaluators.train) for this space.");
                }
            }
        }
    }

    /**
     * What training this supernet holds, from the sizes alone (see {@link OneShotMemory}): the block positions are
     * built with layers that only count, so a block type's own form decides its weights. Activations: each
     * convolution keeps about three maps of its output width (its output, BatchNorm's, the activation's) at its
     * stage's resolution, for the block type with the most of them.
     */
    static OneShotMemory memory(ChainSpace space, SupernetShape shape, int batch) {
        long weights = (long) space.stem() * shape.inputChannels() * 9 + 2L * space.stem();
        long activations = 3L * space.stem() * shape.height() * shape.width(); // conv, BN, ReLU outputs
        int in = space.stem();
        int h = shape.height();
        int wd = shape.width();
        for (ChainSpace.Stage st : space.stages()) {
            if (st.stride() == 2) {
                h = (h + 1) / 2;
                wd = (wd + 1) / 2;
            }
            long stageMaps = 0;
            for (String op : st.ops()) {
                long maps = 0;
                for (int b = 0; b < max(st.depths()); b++) {
                    var counting = new Counting();
                    elastic(op).create(counting, largest(st, op, b, in), b == 0);
                    weights += counting.weights;
                    maps += counting.maps;
                }
                stageMaps = Math.max(stageMaps, maps);
            }
            activations += stageMaps * h * wd;
            in = max(st.widths());
        }
        weights += (long) shape.classes() * in + shape.classes();
        // forward maps kept for backward, and their gradients; weights with gradient and Adam's two moments
        long activationBytes = 2L * 4L * batch * activations;
        long parameterBytes = 4L * 4L * weights;
        return new OneShotMemory(activationBytes, parameterBytes, activationBytes + parameterBytes);
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private Sample largestSample() {
        var values = new LinkedHashMap<String, Object>();
        for (var c : space.choices()) {
            Object best = c.options().get(0);
            for (Object o : c.options()) {
                if (o instanceof Number n && n.intValue() > ((Number) best).intValue()) {
                    best = o;
                }
            }
            values.put(c.label(), best);
        }
        return Sample.of(values);
    }

    private Parameter parameter(String name, NDArray value) {
        Parameter p = OneShotSupernet.trainableWeight(name, value);
        all.add(p);
        return p;
    }

    /** Creates a block position's layers with weights, named under the position, and counts their weights. */
    private final class Allocating implements ElasticBlock.Layers {
        private final String prefix;
        long weights;

        Allocating(String prefix) {
            this.prefix = prefix;
        }

        private String name(String layer) {
            return layer.isEmpty() ? prefix : prefix + "/" + layer;
        }

        @Override
        public SlicedConv conv(String name, int out, int in, int kernel, boolean depthwise) {
            int fanIn = (depthwise ? 1 : in) * kernel * kernel;
            var wshape = new Shape(out, depthwise ? 1 : in, kernel, kernel);
            Parameter w = parameter(name(name) + "/conv", manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn),
                    wshape, DataType.FLOAT32));
            weights += wshape.size();
            return new SlicedConv(name(name), wshape, depthwise, w);
        }

        @Override
        public SlicedNorm norm(String name, int channels) {
            Parameter gamma = parameter(name(name) + "/gamma", manager.ones(new Shape(channels)));
            Parameter beta = parameter(name(name) + "/beta", manager.zeros(new Shape(channels)));
            weights += 2L * channels;
            return new SlicedNorm(name(name), channels, gamma, beta, manager.zeros(new Shape(channels)),
                    manager.ones(new Shape(channels)));
        }
    }

    /** Creates layers without weights, counting weights and activation maps (the memory check). */
    private static final class Counting implements ElasticBlock.Layers {
        long weights;
        long maps;

        @Override
        public SlicedConv conv(String name, int out, int in, int kernel, boolean depthwise) {
            var wshape = new Shape(out, depthwise ? 1 : in, kernel, kernel);
            weights += wshape.size();
            maps += 3L * out;
            return new SlicedConv(name, wshape, depthwise, null);
        }

        @Override
        public SlicedNorm norm(String name, int channels) {
            weights += 2L * channels;
            return new SlicedNorm(name, channels, null, null, null, null);
        }
    }

    // ---- paths ----

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public void check(Architecture architecture) {
        configOf(architecture);
    }

    private List<Config> configOf(Architecture architecture) {
        Sample sample = architecture.sample();
        OneShotSupernet.requireInSpace(space, architecture);
        if (!(architecture instanceof ChainArchitecture)) {
            throw new IllegalArgumentException("architecture " + sample + " is a "
                    + architecture.getClass().getSimpleName() + ", not a chain architecture of space '"
                    + space.name() + "'");
        }
        var out = new ArrayList<Config>();
        for (int i = 0; i < space.stages().size(); i++) {
            ChainSpace.Stage st = space.stages().get(i);
            String op = String.valueOf(pick(sample, "s" + i + "/op", st.ops()));
            int expansion = ((Number) pick(sample, "s" + i + "/expand", st.expansions())).intValue();
            out.add(new Config(((Number) pick(sample, "s" + i + "/depth", st.depths())).intValue(),
                    ((Number) pick(sample, "s" + i + "/width", st.widths())).intValue(),
                    ((Number) pick(sample, "s" + i + "/kernel", st.kernels())).intValue(), op,
                    ChainBlocks.get(op).usesExpansion() ? expansion : 1, st.stride()));
        }
        return out;
    }

    private static Object pick(Sample s, String label, List<?> options) {
        return options.size() > 1 ? s.get(label) : options.get(0);
    }

    @Override
    public void setPath(Architecture architecture) {
        path = configOf(architecture);
    }

    @Override
    public Architecture extreme(boolean largest) {
        var values = new LinkedHashMap<String, Object>();
        for (var c : space.choices()) {
            if (c.label().endsWith("/op")) {
                // block types are not ordered by size: the one with the most weights at the stage's largest sizes
                values.put(c.label(), heaviestOp(c.label(), largest));
                continue;
            }
            Object pickd = c.options().get(0);
            for (Object o : c.options()) {
                int v = ((Number) o).intValue();
                if (largest ? v > ((Number) pickd).intValue() : v < ((Number) pickd).intValue()) {
                    pickd = o;
                }
            }
            values.put(c.label(), pickd);
        }
        return space.freeze(Sample.of(values));
    }

    private String heaviestOp(String label, boolean largest) {
        int stage = Integer.parseInt(label.substring(1, label.indexOf('/')));
        String best = null;
        long bestCount = 0;
        for (var e : stages.get(stage).entrySet()) {
            long n = e.getValue().stream().mapToLong(Position::weights).sum();
            if (best == null || (largest ? n > bestCount : n < bestCount)) {
                best = e.getKey();
                bestCount = n;
            }
        }
        return best;
    }

    // ---- forward ----

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDManager m = x.getManager();
        NDArray y = Activation.relu(stemNorm.forward(stemConv.forward(x, space.stem(), shape.inputChannels(), 3, 1),
                space.stem(), training));
        int in = space.stem();
        for (int i = 0; i < path.size(); i++) {
            Config c = path.get(i);
            List<Position> blocks = stages.get(i).get(c.op());
            for (int b = 0; b < c.depth(); b++) {
                y = blocks.get(b).block().forward(y, c.slice(b, in), training);
            }
            in = c.width();
        }
        NDArray pooled = Pool.globalAvgPool2d(y);
        NDArray flat = pooled.reshape(pooled.getShape().get(0), -1);
        NDArray w = slice(headWeight.getArray(), m, ":, :" + in);
        return Linear.linear(flat, w, headBias.getArray()).singletonOrThrow();
    }

    /** A slice of a weight, owned by the batch's manager (so that it is freed with the batch, not the supernet). */
    static NDArray slice(NDArray full, NDManager owner, String index) {
        NDArray s = full.get(new NDIndex(index));
        s.attach(owner);
        return s;
    }

    // ---- what a path uses, in the stand-alone network's order ----

    /** One use of a layer by the current path, with the slice it runs (a conv's out, in and kernel; a norm's width). */
    private record Use(Object layer, int out, int in, int kernel) {
    }

    private List<Use> uses() {
        var out = new ArrayList<Use>();
        ElasticBlock.Uses collect = new ElasticBlock.Uses() {
            @Override
            public void conv(SlicedConv conv, int o, int i, int kernel) {
                out.add(new Use(conv, o, i, kernel));
            }

            @Override
            public void norm(SlicedNorm norm, int channels) {
                out.add(new Use(norm, channels, 0, 0));
            }
        };
        collect.conv(stemConv, space.stem(), shape.inputChannels(), 3);
        collect.norm(stemNorm, space.stem());
        int in = space.stem();
        for (int i = 0; i < path.size(); i++) {
            Config c = path.get(i);
            List<Position> blocks = stages.get(i).get(c.op());
            for (int b = 0; b < c.depth(); b++) {
                blocks.get(b).block().uses(c.slice(b, in), collect);
            }
            in = c.width();
        }
        return out;
    }

    private int lastWidth() {
        return path.isEmpty() ? space.stem() : path.get(path.size() - 1).width();
    }

    @Override
    public List<Parameter> pathParameters() {
        var out = new LinkedHashSet<Parameter>();
        for (Use u : uses()) {
            if (u.layer() instanceof SlicedConv c) {
                out.add(c.weight);
            } else if (u.layer() instanceof SlicedNorm n) {
                out.add(n.gamma);
                out.add(n.beta);
            }
        }
        out.add(headWeight);
        out.add(headBias);
        return new ArrayList<>(out);
    }

    @Override
    public List<RunningStatistics> pathStatistics() {
        var out = new ArrayList<RunningStatistics>();
        for (Use u : uses()) {
            if (u.layer() instanceof SlicedNorm n) {
                out.add(n.statistics(u.out()));
            }
        }
        return out;
    }

    @Override
    public Block standalone(Architecture architecture) {
        check(architecture);
        return ChainNetwork.build((ChainArchitecture) architecture, shape.classes());
    }

    @Override
    public Block extract(Architecture architecture, NDManager target) {
        List<Config> saved = path;
        setPath(architecture);
        try (NDManager scratch = manager.newSubManager()) {
            Block standalone = standalone(architecture);
            standalone.initialize(target, DataType.FLOAT32, new Shape(2, shape.inputChannels(), shape.height(),
                    shape.width()));
            var mine = new ArrayList<NDArray>();
            var kinds = new ArrayList<String>();
            var layers = new ArrayList<String>();
            for (Use u : uses()) {
                if (u.layer() instanceof SlicedConv c) {
                    mine.add(c.slice(u.out(), u.in(), u.kernel(), scratch));
                    kinds.add("weight");
                    layers.add(c.name());
                } else if (u.layer() instanceof SlicedNorm n) {
                    String r = ":" + u.out();
                    mine.add(slice(n.gamma.getArray(), scratch, r));
                    mine.add(slice(n.beta.getArray(), scratch, r));
                    mine.add(slice(n.mean, scratch, r));
                    mine.add(slice(n.var, scratch, r));
                    kinds.addAll(List.of("gamma", "beta", "runningMean", "runningVar"));
                    layers.addAll(Collections.nCopies(4, n.name()));
                }
            }
            mine.add(slice(headWeight.getArray(), scratch, ":, :" + lastWidth()));
            mine.add(slice(headBias.getArray(), scratch, ":"));
            kinds.addAll(List.of("weight", "bias"));
            layers.addAll(List.of("head", "head"));
            List<Parameter> theirs = new ArrayList<>(standalone.getParameters().values());
            if (mine.size() != theirs.size()) {
                throw new IllegalStateException("the stand-alone network of " + architecture.sample() + " has "
                        + theirs.size() + " parameters but its supernet path " + mine.size() + ": an elastic block"
                        + " form's uses() must name every layer its stand-alone block has (see ElasticBlock)");
            }
            for (int i = 0; i < mine.size(); i++) {
                Parameter p = theirs.get(i);
                NDArray to = p.getArray();
                if (!p.getName().endsWith(kinds.get(i)) || !to.getShape().equals(mine.get(i).getShape())) {
                    throw new IllegalStateException("parameter " + p.getName() + " " + to.getShape() + " of the"
                            + " stand-alone network does not match its supernet slice (" + layers.get(i) + " "
                            + kinds.get(i) + " " + mine.get(i).getShape() + "): an elastic block form's uses() must"
                            + " list its layers in the stand-alone block's parameter order (see ElasticBlock)");
                }
                to.set(mine.get(i).toFloatArray());
            }
            return standalone;
        } finally {
            path = saved;
        }
    }

    @Override
    public long parameterCount() {
        return all.stream().mapToLong(p -> p.getArray().size()).sum();
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "ChainSupernet(" + space.name() + ", " + parameterCount() + " weights)";
    }
}
