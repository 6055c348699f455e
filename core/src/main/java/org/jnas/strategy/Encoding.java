package org.jnas.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jnas.ops.OpFamily;
import org.jnas.ops.Ops;
import org.jnas.space.CellSpace;
import org.jnas.space.Choice;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;

/**
 * Turns samples into feature vectors for a surrogate: a one-hot block per choice, and for {@link CellSpace}s the
 * path encoding of BANANAS (White et al. 2021): one feature per sequence of operations along an input-to-output
 * path of the cell, 1 when some path carries exactly that sequence ({@code none} cuts a path). Path features
 * capture how operations combine along the cell, which a one-hot of edges cannot.
 */
public final class Encoding {
    /** Path encodings with more features than this are left out (long cells with many ops). */
    static final int MAX_PATH_FEATURES = 4096;

    private final SearchSpace space;
    private final List<Choice> choices;
    private final int oneHotSize;
    private final List<List<String>> paths = new ArrayList<>();
    private final Map<String, Integer> opIndex = new HashMap<>();
    private final int pathFeatures;
    private final int maxLength;
    private final int pairFeatures;
    private final boolean withPaths;
    private final boolean withPairs;
    private final List<Feature> features;

    /**
     * A numeric feature of a sample appended after the structural encoding, for example a zero-cost proxy's score
     * ({@code org.jnas.proxy.ProxyFeature}). Keep its values on the scale of the one-hot features (about [0, 1]):
     * the surrogate's ridge penalty treats every feature alike.
     */
    public interface Feature {
        /** A short name for descriptions. */
        String name();

        /** The feature's value for a sample; finite. */
        double value(Sample sample);
    }

    private Encoding(SearchSpace space, boolean withPaths) {
        this(space, withPaths, false, List.of());
    }

    private Encoding(SearchSpace space, boolean withPaths, boolean withPairs) {
        this(space, withPaths, withPairs, List.of());
    }

    private Encoding(SearchSpace space, boolean withPaths, boolean withPairs, List<Feature> extraFeatures) {
        this.space = space;
        this.withPaths = withPaths;
        this.withPairs = withPairs;
        this.features = List.copyOf(extraFeatures);
        this.choices = space.choices();
        int n = 0;
        for (Choice c : choices) {
            n += c.size();
        }
        this.oneHotSize = n;
        int features = 0;
        int longest = 0;
        if (withPaths && space instanceof CellSpace cell) {
            for (String op : cell.ops()) {
                if (Ops.family(op) != OpFamily.NONE) {
                    opIndex.put(op, opIndex.size());
                }
            }
            List<Integer> outputs = new ArrayList<>();
            int total = cell.inputs() + cell.nodes();
            if (cell.output().equals("concat")) {
                for (int i = cell.inputs(); i < total; i++) {
                    outputs.add(i);
                }
            } else {
                outputs.add(total - 1);
            }
            for (int in = 0; in < cell.inputs(); in++) {
                for (int out : outputs) {
                    collect(cell, in, out, new ArrayList<>());
                }
            }
            for (List<String> p : paths) {
                longest = Math.max(longest, p.size());
            }
            for (int len = 1; len <= longest; len++) {
                features += (int) Math.pow(opIndex.size(), len);
            }
            if (features > MAX_PATH_FEATURES || opIndex.isEmpty()) {
                paths.clear();
                features = 0;
                longest = 0;
            }
        }
        this.pathFeatures = features;
        this.maxLength = longest;
        int pairs = 0;
        if (withPairs) {
            for (int i = 0; i < choices.size(); i++) {
                for (int j = i + 1; j < choices.size(); j++) {
                    pairs += choices.get(i).size() * choices.get(j).size();
                }
            }
        }
        this.pairFeatures = pairs;
    }

    /** One-hot, paths for cell spaces, and one feature per pair of options of two different choices. */
    public static Encoding withPairs(SearchSpace space) {
        return new Encoding(space, true, true);
    }

    /** Edge labels of every path from {@code from} to {@code to}. */
    private void collect(CellSpace cell, int from, int to, List<String> prefix) {
        if (from == to) {
            paths.add(List.copyOf(prefix));
            return;
        }
        for (int[] e : cell.edgePairs()) {
            if (e[0] == from && e[1] <= to) {
                prefix.add(CellSpace.label(e[0], e[1]));
                collect(cell, e[1], to, prefix);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    /** One-hot only. */
    public static Encoding oneHot(SearchSpace space) {
        return new Encoding(space, false);
    }

    /** One-hot, plus the path encoding when the space is a cell space. */
    public static Encoding oneHotAndPaths(SearchSpace space) {
        return new Encoding(space, true);
    }

    /** This encoding followed by the given features (for example zero-cost proxy scores). */
    public Encoding withFeatures(List<? extends Feature> extra) {
        var all = new ArrayList<Feature>(features);
        all.addAll(extra);
        return new Encoding(space, withPaths, withPairs, all);
    }

    public List<Feature> features() {
        return features;
    }

    public int size() {
        return oneHotSize + pathFeatures + pairFeatures + features.size();
    }

    public boolean hasPaths() {
        return pathFeatures > 0;
    }

    public double[] encode(Sample sample) {
        double[] x = new double[size()];
        int offset = 0;
        int[] picked = new int[choices.size()];
        for (int k = 0; k < choices.size(); k++) {
            Choice c = choices.get(k);
            int i = c.indexOf(sample.get(c.label()));
            if (i < 0) {
                throw new IllegalArgumentException("sample " + sample + " has no valid option for " + c.label());
            }
            picked[k] = i;
            x[offset + i] = 1;
            offset += c.size();
        }
        if (pairFeatures > 0) {
            int base = oneHotSize + pathFeatures;
            for (int i = 0; i < choices.size(); i++) {
                for (int j = i + 1; j < choices.size(); j++) {
                    x[base + picked[i] * choices.get(j).size() + picked[j]] = 1;
                    base += choices.get(i).size() * choices.get(j).size();
                }
            }
        }
        if (pathFeatures > 0) {
            for (List<String> path : paths) {
                int index = 0;
                boolean cut = false;
                for (String edge : path) {
                    Integer op = opIndex.get(sample.getString(edge));
                    if (op == null) {
                        cut = true;
                        break;
                    }
                    index = index * opIndex.size() + op;
                }
                if (!cut) {
                    int lengthOffset = 0;
                    for (int len = 1; len < path.size(); len++) {
                        lengthOffset += (int) Math.pow(opIndex.size(), len);
                    }
                    x[oneHotSize + lengthOffset + index] = 1;
                }
            }
        }
        int base = oneHotSize + pathFeatures + pairFeatures;
        for (int f = 0; f < features.size(); f++) {
            double v = features.get(f).value(sample);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("feature '" + features.get(f).name() + "' is " + v + " for "
                        + sample + "; a feature must be finite");
            }
            x[base + f] = v;
        }
        return x;
    }

    @Override
    public String toString() {
        return "Encoding of " + space.name() + ": one-hot " + oneHotSize + (pathFeatures > 0 ? " + paths "
                + pathFeatures + " (" + paths.size() + " paths, up to " + maxLength + " ops)" : "")
                + (pairFeatures > 0 ? " + pairs " + pairFeatures : "")
                + (features.isEmpty() ? "" : " + " + features.stream().map(Feature::name).toList());
    }
}
