package org.jnas.oneshot;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import org.jnas.eval.djl.ConvolutionGuard;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jnas.darts.SupernetShape;
import org.jnas.eval.djl.TransformerNetwork;
import org.jnas.space.Architecture;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.SpaceDefinitionException;
import org.jnas.space.TransformerArchitecture;
import org.jnas.space.TransformerSpace;

/**
 * The weight-entangled supernet of a {@link TransformerSpace}, as in AutoFormer (Chen et al., 2021): every layer
 * holds one weight matrix at the space's largest sizes, and a candidate runs its leading slice. A smaller
 * embedding width {@code w} takes the first {@code w} channels of every matrix, LayerNorm, position embedding and
 * the classifier; a smaller MLP ratio takes the first {@code hidden} rows of the first MLP layer and columns of the
 * second; a shallower network runs the first {@code depth} layers (the trailing ones are skipped). The forward pass
 * is functional (DJL's static {@code Linear.linear}, {@code LayerNorm.layerNorm}, {@code Conv2d.conv2d} on sliced
 * arrays), so gradients reach exactly the slices a path used. Each slice computes what {@link TransformerNetwork}
 * builds stand-alone for that architecture, which {@link #extract} relies on (logits equal within float error).
 *
 * <h2>Where it differs from AutoFormer, and why</h2>
 * <ul>
 *   <li><b>Heads.</b> AutoFormer fixes the size of a head (64) and slices q/k/v to {@code heads x 64} outputs. In
 *       this space (and DJL's attention block) a head gets {@code width / heads} channels, so the q, k, v and
 *       output projections are {@code w x w} for every head count: all head counts share the whole projections,
 *       and the head count only regroups the {@code w} projected channels into contiguous groups of
 *       {@code w / heads} (with the {@code 1/sqrt(w/heads)} scale).</li>
 *   <li><b>Patch size</b> (AutoFormer has one, 16): kernels and token counts differ, so each patch size has its
 *       own patch-embedding convolution and position embedding (both sliced by width), as the chain supernet gives
 *       each block type its own weights; the encoder layers and the head are shared across patch sizes.</li>
 *   <li><b>Conv stem</b> (not in AutoFormer): one 3x3 conv-BN at the largest stem width, sliced to the first
 *       {@code stem} channels; the patch convolution reading stem features is separate from the one reading
 *       pixels (per patch size). The stem's BatchNorm statistics are re-estimated per candidate before scoring
 *       ({@link BatchNormRecalibration}); the rest uses LayerNorm, which has none.</li>
 *   <li>As {@link TransformerNetwork}: tokens are averaged instead of a class token, position embeddings are
 *       learned and absolute (AutoFormer's supernet uses relative ones), no dropout or drop path; weights start
 *       from a normal(0, 0.02) as ViT and AutoFormer (not truncated), convolutions He-normal.</li>
 *   <li>Training: AutoFormer samples one subnet uniformly per batch, which is {@link PathSampling#UNIFORM}; the
 *       fair and sandwich rules work too (every choice is independent). No distillation, no supernet scaling
 *       ({@code scale=False}, AutoFormer's default), no evolutionary search inside: any jnas strategy searches on
 *       the scores.</li>
 * </ul>
 */
public final class TransformerSupernet implements OneShotSupernet {
    private static final float BN_MOMENTUM = 0.9f; // DJL's BatchNorm defaults, as the stand-alone stem uses them
    private static final float BN_EPSILON = 1e-5f;
    private static final float LN_EPSILON = 1e-5f; // DJL's LayerNorm default
    private static final float INIT_STD = 0.02f;   // ViT / AutoFormer: linear weights and position embeddings

    private final TransformerSpace space;
    private final SupernetShape shape;
    private final NDManager manager;
    private final int maxWidth;
    private final int maxHidden;
    private final int maxStem;
    /** The 3x3 stem at the largest stem width; null when every option is "no stem". */
    private final Parameter stemWeight;
    private final Parameter stemGamma;
    private final Parameter stemBeta;
    private final NDArray stemMean;
    private final NDArray stemVar;
    /** Per patch size and input ("pixels" or "stem"), the patch convolution at the largest width. */
    private final Map<String, Parameter> patchConvs = new LinkedHashMap<>();
    /** Per patch size, the position embedding (1, tokens, largest width). */
    private final Map<Integer, Parameter> positions = new LinkedHashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final Parameter normGamma;
    private final Parameter normBeta;
    private final Parameter headWeight;
    private final Parameter headBias;
    private final List<Parameter> all = new ArrayList<>();
    private TransformerArchitecture path;

    /**
     * Builds the supernet and draws its weights from {@code seed}.
     *
     * @param shape input channels, height, width and classes (the cell sizes in it are not used)
     */
    public TransformerSupernet(TransformerSpace space, SupernetShape shape, long seed, NDManager parent) {
        requireFitsImage(space, shape);
        this.space = space;
        this.shape = shape;
        this.manager = parent.newSubManager();
        manager.getEngine().setRandomSeed((int) seed);
        maxWidth = max(space.widths());
        maxStem = max(space.stems());
        maxHidden = maxHidden(space);
        int c = shape.inputChannels();
        if (maxStem > 0) {
            stemWeight = parameter("stem/conv", he(new Shape(maxStem, c, 3, 3), c * 9));
            stemGamma = parameter("stem/gamma", manager.ones(new Shape(maxStem)));
            stemBeta = parameter("stem/beta", manager.zeros(new Shape(maxStem)));
            stemMean = manager.zeros(new Shape(maxStem));
            stemVar = manager.ones(new Shape(maxStem));
        } else {
            stemWeight = null;
            stemGamma = null;
            stemBeta = null;
            stemMean = null;
            stemVar = null;
        }
        for (int p : space.patches()) {
            for (int stem : space.stems()) {
                String key = patchKey(p, stem);
                if (!patchConvs.containsKey(key)) {
                    int in = stem > 0 ? maxStem : c;
                    patchConvs.put(key, parameter("patch" + key + "/conv", he(new Shape(maxWidth, in, p, p),
                            in * p * p)));
                }
            }
            int tokens = TransformerNetwork.tokens(new Shape(c, shape.height(), shape.width()), p);
            positions.put(p, parameter("patch" + p + "/position", normal(new Shape(1, tokens, maxWidth))));
        }
        for (int i = 0; i < space.maxDepth(); i++) {
            layers.add(new Layer("l" + i));
        }
        normGamma = parameter("norm/gamma", manager.ones(new Shape(maxWidth)));
        normBeta = parameter("norm/beta", manager.zeros(new Shape(maxWidth)));
        headWeight = parameter("head/weight", normal(new Shape(shape.classes(), maxWidth)));
        headBias = parameter("head/bias", manager.zeros(new Shape(shape.classes())));
        setPath(extreme(true));
    }

    /** A patch size that does not divide the image has no network at all: refused naming the choice. */
    static void requireFitsImage(TransformerSpace space, SupernetShape shape) {
        for (int p : space.patches()) {
            if (shape.height() % p != 0 || shape.width() % p != 0) {
                throw new SpaceDefinitionException("choice 'patch' of space '" + space.name() + "' offers patch " + p
                        + ", which does not divide the " + shape.height() + "x" + shape.width() + " images: choose"
                        + " patch sizes that divide the image side (4 or 7 for 28x28)");
            }
        }
    }

    /** What training this supernet holds, from the sizes alone (see {@link OneShotMemory}). */
    static OneShotMemory memory(TransformerSpace space, SupernetShape shape, int batch) {
        int c = shape.inputChannels();
        int w = max(space.widths());
        int hid = maxHidden(space);
        int stem = max(space.stems());
        int heads = max(space.heads());
        int d = space.maxDepth();
        long weights = stem > 0 ? (long) stem * c * 9 + 2L * stem : 0;
        long maxTokens = 0;
        for (int p : space.patches()) {
            long tokens = (long) (shape.height() / p) * (shape.width() / p);
            maxTokens = Math.max(maxTokens, tokens);
            weights += tokens * w;
            for (boolean fromStem : space.stems().stream().map(v -> v > 0).distinct().toList()) {
                weights += (long) w * (fromStem ? stem : c) * p * p; // one patch convolution per input kind
            }
        }
        weights += d * (4L * w * w + 4L * w + 4L * w + 2L * hid * w + hid + w);
        weights += 2L * w + (long) shape.classes() * w + shape.classes();
        long pixels = (long) shape.height() * shape.width();
        long activations = stem > 0 ? 3L * stem * pixels : 0; // conv, BN, ReLU outputs
        long t = maxTokens;
        activations += 2L * t * w; // patch embedding and position sum
        // per layer: 2 LayerNorms, q, k, v, attention output, projection, 2 residual sums, second MLP layer (10 T x W),
        // the first MLP layer and its GELU (2 T x hidden), scores and softmax (2 x heads x T x T)
        activations += d * (10L * t * w + 2L * t * hid + 2L * heads * t * t);
        activations += t * w + w + shape.classes();
        // forward maps kept for backward, and their gradients; weights with gradient and Adam's two moments
        long activationBytes = 2L * 4L * batch * activations;
        long parameterBytes = 4L * 4L * weights;
        return new OneShotMemory(activationBytes, parameterBytes, activationBytes + parameterBytes);
    }

    private static int maxHidden(TransformerSpace space) {
        int h = 1;
        for (int w : space.widths()) {
            for (double r : space.mlpRatios()) {
                h = Math.max(h, new TransformerArchitecture.Layer(1, r).hidden(w));
            }
        }
        return h;
    }

    private static int max(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private static String patchKey(int patch, int stem) {
        return patch + (stem > 0 ? "/stem" : "/pixels");
    }

    private NDArray normal(Shape s) {
        return manager.randomNormal(0f, INIT_STD, s, DataType.FLOAT32);
    }

    private NDArray he(Shape s, int fanIn) {
        return manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn), s, DataType.FLOAT32);
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

    private TransformerArchitecture configOf(Architecture architecture) {
        OneShotSupernet.requireInSpace(space, architecture);
        if (!(architecture instanceof TransformerArchitecture t)) {
            throw new IllegalArgumentException("architecture " + architecture.sample() + " is a "
                    + architecture.getClass().getSimpleName() + ", not a transformer architecture of space '"
                    + space.name() + "'");
        }
        // the architecture must be the one its sample freezes to in this space (not one built by hand)
        TransformerArchitecture expected = space.freeze(architecture.sample());
        if (!expected.equals(t)) {
            throw new IllegalArgumentException("architecture " + t + " does not match its sample "
                    + architecture.sample() + " in space '" + space.name() + "' (which gives " + expected + ")");
        }
        return t;
    }

    @Override
    public void setPath(Architecture architecture) {
        path = configOf(architecture);
    }

    /**
     * Largest: the smallest patch (the most tokens), the widest stem and width, the deepest stack, every layer
     * at its most heads and largest MLP ratio; smallest: the opposite. Heads change no weight count here, so
     * "largest" follows compute, which is what the sandwich rule bounds.
     */
    @Override
    public Architecture extreme(boolean largest) {
        var values = new LinkedHashMap<String, Object>();
        for (var c : space.choices()) {
            boolean wantBig = largest != c.label().equals("patch");
            Object pick = c.options().get(0);
            for (Object o : c.options()) {
                double v = ((Number) o).doubleValue();
                double best = ((Number) pick).doubleValue();
                if (wantBig ? v > best : v < best) {
                    pick = o;
                }
            }
            values.put(c.label(), pick);
        }
        return space.freeze(Sample.of(values));
    }

    // ---- forward ----

    @Override
    public NDArray forward(NDArray x, boolean training) {
        NDManager m = x.getManager();
        TransformerArchitecture a = path;
        int w = a.width();
        NDArray y = x;
        int in = shape.inputChannels();
        if (a.stem() > 0) {
            int s = a.stem();
            NDArray k = slice(stemWeight.getArray(), m, ":" + s + ", :" + in);
            y = ConvolutionGuard.conv2d(y, k, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1);
            y = Activation.relu(stemNorm(y, s, training));
            in = s;
        }
        NDArray pk = slice(patchConvs.get(patchKey(a.patch(), a.stem())).getArray(), m, ":" + w + ", :" + in);
        NDArray maps = ConvolutionGuard.conv2d(y, pk, null, new Shape(a.patch(), a.patch()), new Shape(0, 0),
                new Shape(1, 1), 1); // (B, w, h, w')
        long batch = maps.getShape().get(0);
        long tokens = maps.getShape().get(2) * maps.getShape().get(3);
        NDArray seq = maps.reshape(batch, w, tokens).transpose(0, 2, 1);
        seq = seq.add(slice(positions.get(a.patch()).getArray(), m, ":, :, :" + w));
        for (int i = 0; i < a.depth(); i++) {
            seq = layers.get(i).forward(seq, w, a.layers().get(i), m);
        }
        NDArray pooled = layerNorm(seq, normGamma, normBeta, w, m).mean(new int[] {1});
        return Linear.linear(pooled, slice(headWeight.getArray(), m, ":, :" + w), headBias.getArray())
                .singletonOrThrow();
    }

    private NDArray stemNorm(NDArray x, int c, boolean training) {
        NDManager m = x.getManager();
        String r = ":" + c;
        NDArray rm = slice(stemMean, m, r).duplicate();
        NDArray rv = slice(stemVar, m, r).duplicate();
        rm.attach(m);
        rv.attach(m);
        NDArray y = BatchNorm.batchNorm(x, rm, rv, slice(stemGamma.getArray(), m, r), slice(stemBeta.getArray(), m,
                r), 1, BN_MOMENTUM, BN_EPSILON, training).singletonOrThrow();
        if (training) { // the running statistics of the slice moved: write them back into the full layer
            stemMean.set(new NDIndex(r), rm);
            stemVar.set(new NDIndex(r), rv);
        }
        return y;
    }

    private static NDArray layerNorm(NDArray x, Parameter gamma, Parameter beta, int w, NDManager m) {
        return LayerNorm.layerNorm(x, new Shape(w), slice(gamma.getArray(), m, ":" + w),
                slice(beta.getArray(), m, ":" + w), LN_EPSILON).singletonOrThrow();
    }

    /** A slice of a weight, owned by the batch's manager (so that it is freed with the batch, not the supernet). */
    private static NDArray slice(NDArray full, NDManager owner, String index) {
        NDArray s = full.get(new NDIndex(index));
        s.attach(owner);
        return s;
    }

    // ---- what a path uses, in the stand-alone network's parameter order ----

    /** One array the current path uses: the parameter it belongs to, its slice, and the stand-alone name's end. */
    private record Use(Parameter parameter, NDArray full, String index, String kind) {
    }

    /** In {@link TransformerNetwork}'s order: stem, patches (position, conv), layers, norm, head. */
    private List<Use> uses() {
        TransformerArchitecture a = path;
        int w = a.width();
        var out = new ArrayList<Use>();
        int in = shape.inputChannels();
        if (a.stem() > 0) {
            String r = ":" + a.stem();
            out.add(new Use(stemWeight, stemWeight.getArray(), r + ", :" + in, "weight"));
            out.add(new Use(stemGamma, stemGamma.getArray(), r, "gamma"));
            out.add(new Use(stemBeta, stemBeta.getArray(), r, "beta"));
            out.add(new Use(null, stemMean, r, "runningMean"));
            out.add(new Use(null, stemVar, r, "runningVar"));
            in = a.stem();
        }
        Parameter position = positions.get(a.patch());
        out.add(new Use(position, position.getArray(), ":, :, :" + w, "position"));
        Parameter conv = patchConvs.get(patchKey(a.patch(), a.stem()));
        out.add(new Use(conv, conv.getArray(), ":" + w + ", :" + in, "weight"));
        for (int i = 0; i < a.depth(); i++) {
            layers.get(i).uses(w, a.layers().get(i).hidden(w), out);
        }
        out.add(new Use(normGamma, normGamma.getArray(), ":" + w, "gamma"));
        out.add(new Use(normBeta, normBeta.getArray(), ":" + w, "beta"));
        out.add(new Use(headWeight, headWeight.getArray(), ":, :" + w, "weight"));
        out.add(new Use(headBias, headBias.getArray(), ":", "bias"));
        return out;
    }

    @Override
    public List<Parameter> pathParameters() {
        var out = new ArrayList<Parameter>();
        for (Use u : uses()) {
            if (u.parameter() != null) {
                out.add(u.parameter());
            }
        }
        return out;
    }

    @Override
    public List<RunningStatistics> pathStatistics() {
        if (path.stem() == 0) {
            return List.of();
        }
        return List.of(RunningStatistics.leadingSlice(stemMean, stemVar, path.stem(), BN_MOMENTUM));
    }

    @Override
    public Block standalone(Architecture architecture) {
        return TransformerNetwork.build(configOf(architecture), new Shape(shape.inputChannels(), shape.height(),
                shape.width()), shape.classes());
    }

    @Override
    public Block extract(Architecture architecture, NDManager target) {
        TransformerArchitecture saved = path;
        setPath(architecture);
        try (NDManager scratch = manager.newSubManager()) {
            Block standalone = standalone(architecture);
            standalone.initialize(target, DataType.FLOAT32, new Shape(2, shape.inputChannels(), shape.height(),
                    shape.width()));
            List<Use> mine = uses();
            List<Parameter> theirs = new ArrayList<>(standalone.getParameters().values());
            if (mine.size() != theirs.size()) {
                throw new IllegalStateException("the stand-alone network of " + architecture.sample() + " has "
                        + theirs.size() + " parameters but its supernet path " + mine.size());
            }
            for (int i = 0; i < mine.size(); i++) {
                Parameter p = theirs.get(i);
                NDArray to = p.getArray();
                NDArray from = slice(mine.get(i).full(), scratch, mine.get(i).index());
                if (!p.getName().endsWith(mine.get(i).kind()) || !to.getShape().equals(from.getShape())) {
                    throw new IllegalStateException("parameter " + p.getName() + " " + to.getShape() + " of the"
                            + " stand-alone network does not match its supernet slice (" + mine.get(i).kind() + " "
                            + from.getShape() + ")");
                }
                to.set(from.toFloatArray());
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
        return "TransformerSupernet(" + space.name() + ", " + parameterCount() + " weights)";
    }

    /**
     * One encoder layer at the largest width and hidden size: {@code x + attention(LN(x))}, then
     * {@code x + MLP(LN(x))}, as {@link TransformerNetwork}'s pre-norm layer. Linear weights are (out, in).
     */
    private final class Layer {
        final Parameter ln1Gamma;
        final Parameter ln1Beta;
        /** key, query, value and result projections, each weight then bias, in DJL's attention block's order. */
        final Parameter[] projections = new Parameter[8];
        final Parameter ln2Gamma;
        final Parameter ln2Beta;
        final Parameter fc1Weight;
        final Parameter fc1Bias;
        final Parameter fc2Weight;
        final Parameter fc2Bias;

        Layer(String name) {
            ln1Gamma = parameter(name + "/norm1/gamma", manager.ones(new Shape(maxWidth)));
            ln1Beta = parameter(name + "/norm1/beta", manager.zeros(new Shape(maxWidth)));
            String[] kinds = {"key", "query", "value", "result"};
            for (int i = 0; i < 4; i++) {
                projections[2 * i] = parameter(name + "/" + kinds[i] + "/weight",
                        normal(new Shape(maxWidth, maxWidth)));
                projections[2 * i + 1] = parameter(name + "/" + kinds[i] + "/bias", manager.zeros(new Shape(maxWidth)));
            }
            ln2Gamma = parameter(name + "/norm2/gamma", manager.ones(new Shape(maxWidth)));
            ln2Beta = parameter(name + "/norm2/beta", manager.zeros(new Shape(maxWidth)));
            fc1Weight = parameter(name + "/mlp1/weight", normal(new Shape(maxHidden, maxWidth)));
            fc1Bias = parameter(name + "/mlp1/bias", manager.zeros(new Shape(maxHidden)));
            fc2Weight = parameter(name + "/mlp2/weight", normal(new Shape(maxWidth, maxHidden)));
            fc2Bias = parameter(name + "/mlp2/bias", manager.zeros(new Shape(maxWidth)));
        }

        private NDArray project(NDArray x, int which, int w, NDManager m) {
            return Linear.linear(x, slice(projections[2 * which].getArray(), m, ":" + w + ", :" + w),
                    slice(projections[2 * which + 1].getArray(), m, ":" + w)).singletonOrThrow();
        }

        /** Splits (B*T, w) into heads (B, h, T, w/h): contiguous groups of w/h channels, as DJL's block does. */
        private NDArray heads(NDArray flat, long batch, long tokens, int h, int w) {
            return flat.reshape(batch, tokens, h, w / h).transpose(0, 2, 1, 3);
        }

        NDArray forward(NDArray x, int w, TransformerArchitecture.Layer config, NDManager m) {
            long batch = x.getShape().get(0);
            long tokens = x.getShape().get(1);
            int h = config.heads();
            NDArray flat = layerNorm(x, ln1Gamma, ln1Beta, w, m).reshape(batch * tokens, w);
            NDArray k = heads(project(flat, 0, w, m), batch, tokens, h, w);
            NDArray q = heads(project(flat, 1, w, m), batch, tokens, h, w);
            NDArray v = heads(project(flat, 2, w, m), batch, tokens, h, w);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(m.create(1f / (float) Math.sqrt(w / h)));
            NDArray attended = scores.softmax(3).matMul(v).transpose(0, 2, 1, 3).reshape(batch * tokens, w);
            x = x.add(project(attended, 3, w, m).reshape(batch, tokens, w));
            int hidden = config.hidden(w);
            NDArray n2 = layerNorm(x, ln2Gamma, ln2Beta, w, m);
            NDArray u = Activation.gelu(Linear.linear(n2, slice(fc1Weight.getArray(), m, ":" + hidden + ", :" + w),
                    slice(fc1Bias.getArray(), m, ":" + hidden)).singletonOrThrow());
            NDArray mlp = Linear.linear(u, slice(fc2Weight.getArray(), m, ":" + w + ", :" + hidden),
                    slice(fc2Bias.getArray(), m, ":" + w)).singletonOrThrow();
            return x.add(mlp);
        }

        void uses(int w, int hidden, List<Use> out) {
            out.add(new Use(ln1Gamma, ln1Gamma.getArray(), ":" + w, "gamma"));
            out.add(new Use(ln1Beta, ln1Beta.getArray(), ":" + w, "beta"));
            for (int i = 0; i < 4; i++) {
                out.add(new Use(projections[2 * i], projections[2 * i].getArray(), ":" + w + ", :" + w, "weight"));
                out.add(new Use(projections[2 * i + 1], projections[2 * i + 1].getArray(), ":" + w, "bias"));
            }
            out.add(new Use(ln2Gamma, ln2Gamma.getArray(), ":" + w, "gamma"));
            out.add(new Use(ln2Beta, ln2Beta.getArray(), ":" + w, "beta"));
            out.add(new Use(fc1Weight, fc1Weight.getArray(), ":" + hidden + ", :" + w, "weight"));
            out.add(new Use(fc1Bias, fc1Bias.getArray(), ":" + hidden, "bias"));
            out.add(new Use(fc2Weight, fc2Weight.getArray(), ":" + w + ", :" + hidden, "weight"));
            out.add(new Use(fc2Bias, fc2Bias.getArray(), ":" + w, "bias"));
        }
    }
}
