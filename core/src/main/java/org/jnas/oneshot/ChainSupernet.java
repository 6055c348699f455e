package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jnas.darts.SupernetShape;
import org.jnas.eval.djl.ChainNetwork;
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
 * stage's first block when the candidate's stride or width changes). Every block type of {@link ChainSpace} has
 * such a form, so none is refused.
 *
 * <p>Differences from Once-for-All: kernels are centre-cropped without OFA's learned kernel transformation
 * matrices, channels are the first {@code w} without OFA's importance sorting, and training is single-path
 * (uniform, fair or sandwich, see {@link PathSampling}) without progressive shrinking or distillation. BatchNorm
 * statistics are per slice of the largest layer and re-estimated per candidate before scoring
 * ({@link BatchNormRecalibration}).
 */
public final class ChainSupernet implements OneShotSupernet {
    private static final float BN_MOMENTUM = 0.9f; // DJL's BatchNorm defaults, as ChainNetwork's layers use them
    private static final float BN_EPSILON = 1e-5f;

    private final ChainSpace space;
    private final SupernetShape shape;
    private final NDManager manager;
    private final Conv stemConv;
    private final Norm stemNorm;
    /** Per stage, per block type, the stage's deepest stack of blocks. */
    private final List<Map<String, List<Slab>>> stages = new ArrayList<>();
    private final Parameter headWeight;
    private final Parameter headBias;
    private final List<Parameter> all = new ArrayList<>();
    private List<Config> path;

    /** One stage's choice for the current path. */
    private record Config(int depth, int width, int kernel, String op, int expansion, int stride) {
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
        stemConv = new Conv("stem", space.stem(), shape.inputChannels(), 3, false);
        stemNorm = new Norm("stem", space.stem());
        int in = space.stem();
        for (int i = 0; i < space.stages().size(); i++) {
            ChainSpace.Stage st = space.stages().get(i);
            int w = max(st.widths());
            int k = max(st.kernels());
            int e = max(st.expansions());
            var byOp = new LinkedHashMap<String, List<Slab>>();
            for (String op : st.ops()) {
                var blocks = new ArrayList<Slab>();
                for (int b = 0; b < max(st.depths()); b++) {
                    blocks.add(new Slab("s" + i + "/" + op + "/b" + b, op, b == 0 ? in : w, w, k, e, b == 0));
                }
                byOp.put(op, blocks);
            }
            stages.add(byOp);
            in = w;
        }
        headWeight = parameter("head/weight", manager.randomNormal(0f, (float) Math.sqrt(1.0 / in),
                new Shape(shape.classes(), in), DataType.FLOAT32));
        headBias = parameter("head/bias", manager.zeros(new Shape(shape.classes())));
        setPath(space.freeze(largestSample()));
    }

    /**
     * The built-in chain block types, each with a sliced form here equal to its stand-alone one ({@link
     * org.jnas.ops.ChainBlocks}); a block type you registered yourself has none, so it is refused by name.
     */
    static final java.util.List<String> SLICED_BLOCKS = java.util.List.of("conv", "dwsep", "mbconv", "resblock");

    /** Every block type of the space must have a sliced form; an other one is refused naming its choice. */
    static void requireShareable(ChainSpace space) {
        for (int i = 0; i < space.stages().size(); i++) {
            for (String op : space.stages().get(i).ops()) {
                if (!SLICED_BLOCKS.contains(op)) {
                    throw new SpaceDefinitionException("block type '" + op + "' of choice 's" + i + "/op' in space '"
                            + space.name() + "' has no elastic (sliced) form in the chain supernet; it shares "
                            + SLICED_BLOCKS + ". Use a stand-alone evaluator (Evaluators.train) for this space.");
                }
            }
        }
    }

    /** What training this supernet holds, from the sizes alone (see {@link OneShotMemory}). */
    static OneShotMemory memory(ChainSpace space, SupernetShape shape, int batch) {
        long weights = (long) space.stem() * shape.inputChannels() * 9 + 2L * space.stem();
        long activations = 3L * space.stem() * shape.height() * shape.width(); // conv, BN, ReLU outputs
        int in = space.stem();
        int h = shape.height();
        int wd = shape.width();
        for (ChainSpace.Stage st : space.stages()) {
            int w = max(st.widths());
            int k = max(st.kernels());
            int e = max(st.expansions());
            int d = max(st.depths());
            if (st.stride() == 2) {
                h = (h + 1) / 2;
                wd = (wd + 1) / 2;
            }
            long perBlockActivations = 0;
            for (String op : st.ops()) {
                for (int b = 0; b < d; b++) {
                    int c = b == 0 ? in : w;
                    weights += switch (op) {
                        case "conv" -> (long) w * c * k * k + 2L * w;
                        case "dwsep" -> (long) c * k * k + 2L * c + (long) w * c + 2L * w;
                        case "mbconv" -> (long) c * e * c + 2L * c * e + (long) c * e * k * k + 2L * c * e
                                + (long) w * c * e + 2L * w;
                        default -> (long) w * c * k * k + (long) w * w * k * k + 4L * w
                                + (b == 0 ? (long) w * c + 2L * w : 0);
                    };
                }
                long maps = switch (op) {
                    case "conv" -> 3L * w;
                    case "dwsep" -> 3L * in + 3L * w;
                    case "mbconv" -> 6L * in * e + 3L * w;
                    default -> 8L * w;
                };
                perBlockActivations = Math.max(perBlockActivations, maps);
            }
            activations += perBlockActivations * d * h * wd;
            in = w;
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
                    org.jnas.ops.ChainBlocks.get(op).usesExpansion() ? expansion : 1, st.stride()));
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
            long n = e.getValue().stream().mapToLong(Slab::weights).sum();
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
        NDArray y = Activation.relu(stemNorm.forward(stemConv.forward(x, space.stem(), shape.inputChannels(), 3, 1,
                false), space.stem(), training));
        int in = space.stem();
        for (int i = 0; i < path.size(); i++) {
            Config c = path.get(i);
            List<Slab> blocks = stages.get(i).get(c.op());
            for (int b = 0; b < c.depth(); b++) {
                y = blocks.get(b).forward(y, b == 0 ? in : c.width(), c, b == 0 ? c.stride() : 1, training);
            }
            in = c.width();
        }
        NDArray pooled = Pool.globalAvgPool2d(y);
        NDArray flat = pooled.reshape(pooled.getShape().get(0), -1);
        NDArray w = slice(headWeight.getArray(), m, ":, :" + in);
        return Linear.linear(flat, w, headBias.getArray()).singletonOrThrow();
    }

    /** A slice of a weight, owned by the batch's manager (so that it is freed with the batch, not the supernet). */
    private static NDArray slice(NDArray full, NDManager owner, String index) {
        NDArray s = full.get(new NDIndex(index));
        s.attach(owner);
        return s;
    }

    // ---- what a path uses, in the stand-alone network's order ----

    /** One use of a layer by the current path, with the slice it runs. */
    private record Use(Object layer, int out, int in, int kernel) {
    }

    private List<Use> uses() {
        var out = new ArrayList<Use>();
        out.add(new Use(stemConv, space.stem(), shape.inputChannels(), 3));
        out.add(new Use(stemNorm, space.stem(), 0, 0));
        int in = space.stem();
        for (int i = 0; i < path.size(); i++) {
            Config c = path.get(i);
            List<Slab> blocks = stages.get(i).get(c.op());
            for (int b = 0; b < c.depth(); b++) {
                blocks.get(b).uses(b == 0 ? in : c.width(), c, b == 0 ? c.stride() : 1, out);
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
            if (u.layer() instanceof Conv c) {
                out.add(c.weight);
            } else if (u.layer() instanceof Norm n) {
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
            if (u.layer() instanceof Norm n) {
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
            for (Use u : uses()) {
                if (u.layer() instanceof Conv c) {
                    mine.add(c.slice(u.out(), u.in(), u.kernel(), scratch));
                    kinds.add("weight");
                } else if (u.layer() instanceof Norm n) {
                    String r = ":" + u.out();
                    mine.add(slice(n.gamma.getArray(), scratch, r));
                    mine.add(slice(n.beta.getArray(), scratch, r));
                    mine.add(slice(n.mean, scratch, r));
                    mine.add(slice(n.var, scratch, r));
                    kinds.addAll(List.of("gamma", "beta", "runningMean", "runningVar"));
                }
            }
            mine.add(slice(headWeight.getArray(), scratch, ":, :" + lastWidth()));
            mine.add(slice(headBias.getArray(), scratch, ":"));
            kinds.addAll(List.of("weight", "bias"));
            List<Parameter> theirs = new ArrayList<>(standalone.getParameters().values());
            if (mine.size() != theirs.size()) {
                throw new IllegalStateException("the stand-alone network of " + architecture.sample() + " has "
                        + theirs.size() + " parameters but its supernet path " + mine.size());
            }
            for (int i = 0; i < mine.size(); i++) {
                Parameter p = theirs.get(i);
                NDArray to = p.getArray();
                if (!p.getName().endsWith(kinds.get(i)) || !to.getShape().equals(mine.get(i).getShape())) {
                    throw new IllegalStateException("parameter " + p.getName() + " " + to.getShape() + " of the"
                            + " stand-alone network does not match its supernet slice (" + kinds.get(i) + " "
                            + mine.get(i).getShape() + ")");
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

    // ---- sliced layers ----

    /** A convolution at its largest shape; a use takes the first out/in channels and the centre k x k. */
    private final class Conv {
        final Parameter weight;
        final boolean depthwise;
        final int kernel;

        Conv(String name, int out, int in, int kernel, boolean depthwise) {
            int fanIn = (depthwise ? 1 : in) * kernel * kernel;
            this.weight = parameter(name + "/conv", manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn),
                    new Shape(out, depthwise ? 1 : in, kernel, kernel), DataType.FLOAT32));
            this.depthwise = depthwise;
            this.kernel = kernel;
        }

        NDArray slice(int out, int in, int k, NDManager owner) {
            int lo = (kernel - k) / 2;
            String centre = lo + ":" + (lo + k);
            return ChainSupernet.slice(weight.getArray(), owner, ":" + out + ", :" + (depthwise ? 1 : in) + ", "
                    + centre + ", " + centre);
        }

        /** Depthwise: {@code out} channels, one group each ({@code in} is ignored). Same padding. */
        NDArray forward(NDArray x, int out, int in, int k, int stride, boolean unusedTraining) {
            NDArray w = slice(out, in, k, x.getManager());
            return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(k / 2, k / 2), new Shape(1, 1),
                    depthwise ? out : 1).singletonOrThrow();
        }

        long size() {
            return weight.getArray().size();
        }
    }

    /** A BatchNorm at its largest width; a use takes its first c channels (scale, shift and statistics). */
    private final class Norm {
        final Parameter gamma;
        final Parameter beta;
        final NDArray mean;
        final NDArray var;

        Norm(String name, int channels) {
            gamma = parameter(name + "/gamma", manager.ones(new Shape(channels)));
            beta = parameter(name + "/beta", manager.zeros(new Shape(channels)));
            mean = manager.zeros(new Shape(channels));
            var = manager.ones(new Shape(channels));
        }

        NDArray forward(NDArray x, int c, boolean training) {
            NDManager m = x.getManager();
            String r = ":" + c;
            NDArray g = slice(gamma.getArray(), m, r);
            NDArray b = slice(beta.getArray(), m, r);
            NDArray rm = slice(mean, m, r).duplicate();
            NDArray rv = slice(var, m, r).duplicate();
            rm.attach(m);
            rv.attach(m);
            NDArray y = BatchNorm.batchNorm(x, rm, rv, g, b, 1, BN_MOMENTUM, BN_EPSILON, training).singletonOrThrow();
            if (training) { // the running statistics of the slice moved: write them back into the full layer
                mean.set(new NDIndex(r), rm);
                var.set(new NDIndex(r), rv);
            }
            return y;
        }

        RunningStatistics statistics(int c) {
            return RunningStatistics.leadingSlice(mean, var, c, BN_MOMENTUM);
        }

        long size() {
            return gamma.getArray().size() * 2;
        }
    }

    /** One block position of a stage for one block type, at the stage's largest sizes. */
    private final class Slab {
        final String op;
        final Conv c1;
        final Norm n1;
        final Conv c2;
        final Norm n2;
        final Conv c3;
        final Norm n3;

        /**
         * conv: c1 (kxk). dwsep: c1 depthwise kxk, c2 pointwise. mbconv: c1 expansion 1x1, c2 depthwise kxk, c3
         * projection 1x1. resblock: c1 kxk, c2 kxk, c3 the 1x1 projection shortcut (first block of a stage only).
         */
        Slab(String name, String op, int in, int out, int k, int e, boolean first) {
            this.op = op;
            switch (op) {
                case "conv" -> {
                    c1 = new Conv(name + "/c1", out, in, k, false);
                    n1 = new Norm(name + "/n1", out);
                    c2 = null;
                    n2 = null;
                    c3 = null;
                    n3 = null;
                }
                case "dwsep" -> {
                    c1 = new Conv(name + "/dw", in, in, k, true);
                    n1 = new Norm(name + "/n1", in);
                    c2 = new Conv(name + "/pw", out, in, 1, false);
                    n2 = new Norm(name + "/n2", out);
                    c3 = null;
                    n3 = null;
                }
                case "mbconv" -> {
                    c1 = e > 1 ? new Conv(name + "/expand", in * e, in, 1, false) : null;
                    n1 = e > 1 ? new Norm(name + "/n1", in * e) : null;
                    c2 = new Conv(name + "/dw", in * e, in * e, k, true);
                    n2 = new Norm(name + "/n2", in * e);
                    c3 = new Conv(name + "/project", out, in * e, 1, false);
                    n3 = new Norm(name + "/n3", out);
                }
                case "resblock" -> {
                    c1 = new Conv(name + "/c1", out, in, k, false);
                    n1 = new Norm(name + "/n1", out);
                    c2 = new Conv(name + "/c2", out, out, k, false);
                    n2 = new Norm(name + "/n2", out);
                    c3 = first ? new Conv(name + "/shortcut", out, in, 1, false) : null;
                    n3 = first ? new Norm(name + "/n3", out) : null;
                }
                default -> throw new SpaceDefinitionException("block type '" + op + "' has no elastic form");
            }
        }

        long weights() {
            long n = 0;
            for (Conv c : new Conv[] {c1, c2, c3}) {
                n += c == null ? 0 : c.size();
            }
            for (Norm b : new Norm[] {n1, n2, n3}) {
                n += b == null ? 0 : b.size();
            }
            return n;
        }

        NDArray forward(NDArray x, int in, Config c, int stride, boolean t) {
            int w = c.width();
            int k = c.kernel();
            switch (op) {
                case "conv" -> {
                    return Activation.relu(n1.forward(c1.forward(x, w, in, k, stride, t), w, t));
                }
                case "dwsep" -> {
                    NDArray y = Activation.relu(n1.forward(c1.forward(x, in, in, k, stride, t), in, t));
                    return Activation.relu(n2.forward(c2.forward(y, w, in, 1, 1, t), w, t));
                }
                case "mbconv" -> {
                    int hidden = in * c.expansion();
                    NDArray y = x;
                    if (c.expansion() != 1) {
                        y = Activation.relu6(n1.forward(c1.forward(y, hidden, in, 1, 1, t), hidden, t));
                    }
                    y = Activation.relu6(n2.forward(c2.forward(y, hidden, hidden, k, stride, t), hidden, t));
                    y = n3.forward(c3.forward(y, w, hidden, 1, 1, t), w, t);
                    return stride == 1 && in == w ? y.add(x) : y;
                }
                default -> {
                    NDArray y = Activation.relu(n1.forward(c1.forward(x, w, in, k, stride, t), w, t));
                    y = n2.forward(c2.forward(y, w, w, k, 1, t), w, t);
                    NDArray shortcut = stride == 1 && in == w ? x
                            : n3.forward(c3.forward(x, w, in, 1, stride, t), w, t);
                    return Activation.relu(y.add(shortcut));
                }
            }
        }

        /** The layers {@link #forward} runs, in the order ChainNetwork's block lists its parameters. */
        void uses(int in, Config c, int stride, List<Use> out) {
            int w = c.width();
            int k = c.kernel();
            switch (op) {
                case "conv" -> {
                    out.add(new Use(c1, w, in, k));
                    out.add(new Use(n1, w, 0, 0));
                }
                case "dwsep" -> {
                    out.add(new Use(c1, in, in, k));
                    out.add(new Use(n1, in, 0, 0));
                    out.add(new Use(c2, w, in, 1));
                    out.add(new Use(n2, w, 0, 0));
                }
                case "mbconv" -> {
                    int hidden = in * c.expansion();
                    if (c.expansion() != 1) {
                        out.add(new Use(c1, hidden, in, 1));
                        out.add(new Use(n1, hidden, 0, 0));
                    }
                    out.add(new Use(c2, hidden, hidden, k));
                    out.add(new Use(n2, hidden, 0, 0));
                    out.add(new Use(c3, w, hidden, 1));
                    out.add(new Use(n3, w, 0, 0));
                }
                default -> {
                    out.add(new Use(c1, w, in, k));
                    out.add(new Use(n1, w, 0, 0));
                    out.add(new Use(c2, w, w, k));
                    out.add(new Use(n2, w, 0, 0));
                    if (!(stride == 1 && in == w)) {
                        out.add(new Use(c3, w, in, 1));
                        out.add(new Use(n3, w, 0, 0));
                    }
                }
            }
        }
    }
}
