package org.jnas.space;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.ops.Ops;

/**
 * A cell space where every edge of a fixed DAG chooses one operation: NAS-Bench-201's space, and the shape most
 * user-defined cell spaces take. Choice labels are {@code "i->j"} (edge from node i to node j); node 0 .. inputs-1
 * are inputs.
 *
 * <pre>{@code
 * var nb201 = Spaces.nasBench201();
 * var mine  = CellSpace.builder("tiny").inputs(1).nodes(2).ops("skip_connect", "nor_conv_3x3").build();
 * }</pre>
 *
 * <p>As a {@link DifferentiableSpace}: one cell type, {@code cell}, mixing the space's ops on each edge of the
 * DAG; a derived cell keeps every edge with its strongest op ({@code none} drops it, when the space offers it). A
 * one-input space gets the NAS-Bench-201 skeleton (one cell per position), a two-input space the DARTS skeleton
 * (a normal and a reduction cell, both of type {@code cell}).
 *
 * @param name   space name
 * @param inputs input nodes (1 for NAS-Bench-201)
 * @param nodes  intermediate nodes
 * @param ops    candidate operations on every edge, names from {@link Ops}
 * @param edges  the DAG's edges as [from, to] pairs, or null for all pairs from < to
 * @param output {@code "last"} (the last node is the output, as in NAS-Bench-201) or {@code "concat"} (all
 *               intermediate nodes concatenated, as in DARTS)
 */
public record CellSpace(String name, int inputs, int nodes, List<String> ops, List<List<Integer>> edges,
                        String output) implements DifferentiableSpace {

    private static final Pattern EDGE = Pattern.compile("([^|~]+)~(\\d+)");

    @JsonCreator
    public CellSpace(@JsonProperty("name") String name, @JsonProperty("inputs") int inputs,
                     @JsonProperty("nodes") int nodes, @JsonProperty("ops") List<String> ops,
                     @JsonProperty("edges") List<List<Integer>> edges, @JsonProperty("output") String output) {
        this.name = name == null ? "cell" : name;
        if (inputs < 1 || nodes < 1) {
            throw new SpaceDefinitionException("cell space '" + this.name + "' needs at least one input and one"
                    + " intermediate node; got inputs=" + inputs + ", nodes=" + nodes);
        }
        if (ops == null || ops.isEmpty()) {
            throw new SpaceDefinitionException("cell space '" + this.name + "' has no operations: list at least one,"
                    + " for example ops(\"skip_connect\", \"nor_conv_3x3\")");
        }
        Ops.requireKnown(ops);
        this.inputs = inputs;
        this.nodes = nodes;
        this.ops = List.copyOf(ops);
        this.output = output == null ? "last" : output;
        if (!this.output.equals("last") && !this.output.equals("concat")) {
            throw new SpaceDefinitionException("cell space '" + this.name + "' output must be \"last\" or \"concat\","
                    + " not \"" + output + "\"");
        }
        this.edges = edges == null ? null : edges.stream().map(List::copyOf).toList();
        checkDag();
        SearchSpace.checkUniqueLabels(this.name, choices());
    }

    /** Starts a user-defined cell space. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The [from, to] pairs of the DAG, in label order (by target node, then source). */
    @JsonIgnore
    public List<int[]> edgePairs() {
        var pairs = new ArrayList<int[]>();
        int total = inputs + nodes;
        for (int to = inputs; to < total; to++) {
            for (int from = 0; from < to; from++) {
                if (edges == null || containsEdge(from, to)) {
                    pairs.add(new int[] {from, to});
                }
            }
        }
        return pairs;
    }

    private boolean containsEdge(int from, int to) {
        return edges.stream().anyMatch(e -> e.get(0) == from && e.get(1) == to);
    }

    private void checkDag() {
        if (edges == null) {
            return;
        }
        int total = inputs + nodes;
        for (List<Integer> e : edges) {
            if (e.size() != 2 || e.get(0) < 0 || e.get(0) >= e.get(1) || e.get(1) < inputs || e.get(1) >= total) {
                throw new SpaceDefinitionException("cell space '" + name + "' edge " + e + " is not [from, to] with"
                        + " from < to, to an intermediate node " + inputs + ".." + (total - 1));
            }
        }
        for (int n = inputs; n < total; n++) {
            final int node = n;
            if (edges.stream().noneMatch(e -> e.get(1) == node)) {
                throw new SpaceDefinitionException("cell space '" + name + "' node " + node + " is dangling: no edge"
                        + " enters it. Add an edge [i, " + node + "] for some i < " + node + ".");
            }
            boolean isOutput = output.equals("concat") || node == total - 1;
            if (!isOutput && edges.stream().noneMatch(e -> e.get(0) == node)) {
                throw new SpaceDefinitionException("cell space '" + name + "' node " + node + " is dangling: nothing"
                        + " uses its result. Add an edge [" + node + ", j] for some j > " + node + ".");
            }
        }
    }

    /** The choice label of an edge: its {@link DifferentiableSpace#edgeLabel edge label}, {@code "i->j"}. */
    public static String label(int from, int to) {
        return DifferentiableSpace.edgeLabel(from, to);
    }

    @Override
    public List<Choice> choices() {
        var list = new ArrayList<Choice>();
        for (int[] e : edgePairs()) {
            list.add(new Choice(label(e[0], e[1]), List.copyOf(ops)));
        }
        return list;
    }

    @Override
    public CellArchitecture freeze(Sample sample) {
        validate(sample);
        var cellEdges = new ArrayList<Cell.Edge>();
        for (int[] e : edgePairs()) {
            cellEdges.add(new Cell.Edge(e[0], e[1], sample.getString(label(e[0], e[1]))));
        }
        return new CellArchitecture(sample, List.of(new Cell("cell", inputs, nodes, cellEdges, outputNodes())));
    }

    /** The nodes the cell output concatenates: all intermediate nodes, or the last one. */
    private List<Integer> outputNodes() {
        List<Integer> outs = new ArrayList<>();
        if (output.equals("concat")) {
            for (int n = inputs; n < inputs + nodes; n++) {
                outs.add(n);
            }
        } else {
            outs.add(inputs + nodes - 1);
        }
        return outs;
    }

    /**
     * The NAS-Bench-201 string form, {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}: one group per intermediate node,
     * listing {@code op~source} for each incoming edge.
     */
    public String toArchString(Sample sample) {
        validate(sample);
        var groups = new ArrayList<String>();
        for (int to = inputs; to < inputs + nodes; to++) {
            var sb = new StringBuilder("|");
            for (int[] e : edgePairs()) {
                if (e[1] == to) {
                    sb.append(sample.getString(label(e[0], e[1]))).append('~').append(e[0]).append('|');
                }
            }
            groups.add(sb.toString());
        }
        return String.join("+", groups);
    }

    /** Parses the NAS-Bench-201 string form back into a sample of this space. */
    public Sample fromArchString(String arch) {
        String[] groups = arch.trim().split("\\+");
        if (groups.length != nodes) {
            throw new SpaceDefinitionException("'" + arch + "' has " + groups.length + " node groups separated by"
                    + " '+', but space '" + name + "' has " + nodes + " intermediate nodes");
        }
        Map<String, Object> values = new HashMap<>();
        for (int g = 0; g < groups.length; g++) {
            Matcher m = EDGE.matcher(groups[g]);
            while (m.find()) {
                values.put(label(Integer.parseInt(m.group(2)), inputs + g), m.group(1));
            }
        }
        var ordered = new LinkedHashMap<String, Object>();
        for (Choice c : choices()) {
            if (!values.containsKey(c.label())) {
                throw new SpaceDefinitionException("'" + arch + "' does not give an op for edge " + c.label());
            }
            ordered.put(c.label(), values.get(c.label()));
        }
        if (values.size() != ordered.size()) {
            throw new SpaceDefinitionException("'" + arch + "' names edges that space '" + name + "' lacks");
        }
        Sample s = Sample.of(ordered);
        validate(s);
        return s;
    }

    /** One cell (one input) or a normal and a reduction cell (two inputs), each edge of the DAG mixed. */
    @Override
    public List<Cell> mixedCells() {
        var mixed = edgePairs().stream().map(e -> new Cell.Edge(e[0], e[1], "mixed")).toList();
        List<Integer> outs = outputNodes();
        if (inputs == 2) {
            return List.of(new Cell("normal", 2, nodes, mixed, outs), new Cell("reduce", 2, nodes, mixed, outs));
        }
        return List.of(new Cell("cell", inputs, nodes, mixed, outs));
    }

    /** Every skeleton cell shares the one alpha matrix {@code cell}. */
    @Override
    public String cellTypeOf(String skeletonCell) {
        return "cell";
    }

    /** The space's ops, as they are: {@code none} is a candidate only when the space lists it. */
    @Override
    public List<String> candidates() {
        return ops;
    }

    /** A fixed DAG: every edge keeps its strongest op. */
    @Override
    public int derivedInputsPerNode() {
        return 0;
    }

    @Override
    public Sample fromDerivedEdges(Map<String, List<Cell.Edge>> edgesByCellType) {
        var values = new LinkedHashMap<String, Object>();
        for (Cell.Edge e : edgesByCellType.get("cell")) {
            values.put(label(e.from(), e.to()), e.op());
        }
        Sample s = Sample.of(values);
        validate(s);
        return s;
    }

    @Override
    public String genotype(Sample sample) {
        return toArchString(sample);
    }

    @Override
    public CellSpace withOps(List<String> ops) {
        return new CellSpace(name, inputs, nodes, ops, edges, output);
    }

    @Override
    public String toString() {
        return "CellSpace " + name + ": " + inputs + " input(s), " + nodes + " nodes, " + edgePairs().size()
                + " edges x " + ops + " (" + size() + " architectures)";
    }

    /** Fluent definition of a cell space. */
    public static final class Builder {
        private final String name;
        private int inputs = 1;
        private int nodes = 3;
        private List<String> ops = List.of();
        private List<List<Integer>> edges;
        private String output = "last";

        private Builder(String name) {
            this.name = name;
        }

        public Builder inputs(int inputs) {
            this.inputs = inputs;
            return this;
        }

        public Builder nodes(int nodes) {
            this.nodes = nodes;
            return this;
        }

        public Builder ops(String... ops) {
            this.ops = List.of(ops);
            return this;
        }

        public Builder ops(List<String> ops) {
            this.ops = List.copyOf(ops);
            return this;
        }

        /** Restricts the DAG to the given edge; call once per edge. Without it, every pair from < to is an edge. */
        public Builder edge(int from, int to) {
            if (edges == null) {
                edges = new ArrayList<>();
            }
            edges.add(List.of(from, to));
            return this;
        }

        /** Output is the concatenation of all intermediate nodes (DARTS style) instead of the last node. */
        public Builder concatOutput() {
            this.output = "concat";
            return this;
        }

        public CellSpace build() {
            return new CellSpace(name, inputs, nodes, ops, edges, output);
        }
    }
}
