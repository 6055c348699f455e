package org.jnas.eval.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.jnas.data.DatasetMissingException;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.space.Architecture;
import org.jnas.space.CellSpace;
import org.jnas.space.Sample;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;

/**
 * NAS-Bench-201 as an evaluator: a table lookup instead of training, so that searches over the 15,625 cells of
 * {@link Spaces#nasBench201()} run thousands of queries per second and can be repeated over hundreds of seeds.
 *
 * <p>Protocol (as in the benchmark's papers): {@link #evaluate} returns the 12-epoch validation accuracy
 * ({@code <ds>_valid_12ep / 100}) as {@code accuracy}, every {@code latency_ms_<device>} column as hardware
 * metrics, {@code params} and {@code flops}, the parameter count and multiply-accumulates of the benchmark's
 * network (see {@link #params}, {@link #flops}); it never exposes a test column. {@link #test} returns the 200-epoch test accuracy ({@code
 * <ds>_test_200ep / 100}), for the final report only.
 *
 * <p>Cost: the table has no time column, so a query is charged an <b>estimate</b> of the architecture's own
 * training time, {@link #querySeconds}: the seconds per epoch from its FLOPs on the benchmark's network
 * ({@link #epochSeconds}), times the {@value #QUERY_EPOCHS} epochs of the {@code <ds>_valid_12ep} column the
 * search sees, times the fidelity. Calibrated so that the mean over the 15,625 architectures is NATS-Bench's
 * reported {@value #MEAN_EPOCH_SECONDS} s per CIFAR-10 epoch; cheap cells (few convolutions) cost about 7 s per
 * epoch, all-3x3 cells about 15 s, so a budget in cost-seconds buys more cheap architectures than expensive ones,
 * as in the benchmark's own searches. The accuracy is the same at every fidelity (the table holds one training
 * length); only the charge scales with it.
 *
 * <p>Data ({@link #load()}): the copy that ships with the project, {@code data/nasbench201/nasbench201.csv.gz}
 * seen from the working directory or its parent (the repository root, or {@code notebooks/} where notebook kernels
 * run); else {@code $JNAS_NASBENCH201}; else {@code ../shared/data/nasbench201/nasbench201.csv}.
 * {@link #load(Path)} reads any other copy, plain or gzipped ({@code .gz}). Tables are loaded once per path and
 * shared. The table's sources and licences are in {@code data/nasbench201/README.md}.
 *
 * <pre>{@code
 * var bench = NasBench201.load().dataset(NasBench201.Dataset.CIFAR100);
 * double acc = bench.evaluate(Spaces.nasBench201().freeze(sample), 1.0, 0).metric("accuracy");
 * }</pre>
 */
public final class NasBench201 implements Evaluator {

    /**
     * Mean seconds per training epoch on CIFAR-10 over the topology space, as NATS-Bench reports it (per
     * architecture the times vary with FLOPs): what {@link #epochSeconds} is calibrated to.
     */
    public static final double MEAN_EPOCH_SECONDS = 9.1;

    /** Epochs one query stands for: the 12-epoch schedule of the {@code <ds>_valid_12ep} column searches see. */
    public static final int QUERY_EPOCHS = 12;

    /** The mean charge of one full-fidelity query over the space: {@code 9.1 s * 12 = 109.2 s}. */
    public static final double MEAN_QUERY_SECONDS = MEAN_EPOCH_SECONDS * QUERY_EPOCHS;

    /** The environment variable that points to {@code nasbench201.csv}. */
    public static final String ENV = "JNAS_NASBENCH201";

    /** The project's own copy, relative to the repository root (see {@code data/nasbench201/README.md}). */
    public static final Path SHIPPED = Path.of("data", "nasbench201", "nasbench201.csv.gz");

    private static final Path SHARED = Path.of("..", "shared", "data", "nasbench201", "nasbench201.csv");
    private static final Map<Path, Table> TABLES = new ConcurrentHashMap<>();

    /** The three image classification tasks of the benchmark, with the geometry their 12-epoch runs train on. */
    public enum Dataset {
        CIFAR10("cifar10", 10, 32, 25_000), CIFAR100("cifar100", 100, 32, 50_000),
        IMAGENET16("imagenet16", 120, 16, 151_700);

        private final String column;
        private final int classes;
        private final int resolution;
        private final int trainImages;

        Dataset(String column, int classes, int resolution, int trainImages) {
            this.column = column;
            this.classes = classes;
            this.resolution = resolution;
            this.trainImages = trainImages;
        }

        /** Output classes of the benchmark's network on this task. */
        public int classes() {
            return classes;
        }

        /** Input height and width (3 channels): 32 for CIFAR, 16 for ImageNet16-120. */
        public int resolution() {
            return resolution;
        }

        /**
         * Images one training epoch of the 12-epoch column passes over: CIFAR-10's 25,000-image train half
         * (cifar10-valid), CIFAR-100's 50,000, ImageNet16-120's 151,700 (the counts NAS-Bench-201's own cost
         * estimate uses).
         */
        public int trainImages() {
            return trainImages;
        }

        /** The column prefix in the table, also the name used in specs and on the command line. */
        public String id() {
            return column;
        }

        /** Parses {@code cifar10}, {@code cifar100} or {@code imagenet16} (case-insensitive). */
        public static Dataset parse(String name) {
            for (Dataset d : values()) {
                if (d.column.equalsIgnoreCase(name) || d.name().equalsIgnoreCase(name)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown NAS-Bench-201 dataset '" + name
                    + "'; use one of cifar10, cifar100, imagenet16");
        }
    }

    private final Table table;
    private final Dataset dataset;
    private final CellSpace space = Spaces.nasBench201();

    private NasBench201(Table table, Dataset dataset) {
        this.table = table;
        this.dataset = dataset;
    }

    /**
     * Loads the table from the first place that has it: the shipped copy ({@link #SHIPPED}, from the working
     * directory or its parent), {@code $JNAS_NASBENCH201}, {@code ../shared/data/nasbench201/}. When none has it,
     * the error names every place looked at and how to fix it.
     */
    public static NasBench201 load() {
        List<Path> tried = new ArrayList<>();
        // from the repository root, or from notebooks/ one level below it (where notebook kernels run)
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path shipped = base.resolve(SHIPPED);
            if (Files.isRegularFile(shipped)) {
                return load(shipped);
            }
            tried.add(shipped);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return load(Path.of(env));
        }
        for (Path base : List.of(Path.of(""), Path.of(".."))) {
            Path shared = base.resolve(SHARED);
            if (Files.isRegularFile(shared)) {
                return load(shared);
            }
            tried.add(shared);
        }
        throw new DatasetMissingException("NAS-Bench-201 table not found; looked at "
                + tried.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList() + " and $" + ENV
                + " (unset). Run from the repository root or notebooks/ of a full clone (the table ships as "
                + SHIPPED + "), set " + ENV + "=/path/to/nasbench201.csv(.gz), or call NasBench201.load(path).");
    }

    /** Loads (once per path) {@code nasbench201.csv} or {@code .csv.gz}; CIFAR-10 unless {@link #dataset} says otherwise. */
    public static NasBench201 load(Path csv) {
        Path key = csv.toAbsolutePath().normalize();
        if (!Files.isRegularFile(key)) {
            throw new DatasetMissingException("NAS-Bench-201 table not found at " + key + ". The project ships it"
                    + " as " + SHIPPED + " in the repository (sources and licences in data/nasbench201/README.md);"
                    + " pass that path, set " + ENV + "=/path/to/nasbench201.csv(.gz), or call load() from the"
                    + " repository root. Expected: 15,625 rows with arch, <ds>_valid_12ep, <ds>_test_200ep,"
                    + " latency_ms_* columns.");
        }
        return new NasBench201(TABLES.computeIfAbsent(key, Table::read), Dataset.CIFAR10);
    }

    /** The file this table was read from, so that a report can say which copy was used. */
    public Path source() {
        return table.source;
    }

    /** The same table, scored on another dataset. */
    public NasBench201 dataset(Dataset dataset) {
        return new NasBench201(table, dataset);
    }

    public Dataset dataset() {
        return dataset;
    }

    /** Number of architectures in the table (15,625 for the full benchmark). */
    public int size() {
        return table.rows.size();
    }

    /** The latency devices of the table, as metric names ({@code latency_ms_pixel3}, ...). */
    public List<String> latencyMetrics() {
        return List.copyOf(table.latencyColumns.keySet());
    }

    @Override
    public Evaluation evaluate(Architecture architecture, double fidelity, long seed) {
        if (!(fidelity > 0 && fidelity <= 1)) {
            throw new IllegalArgumentException("fidelity must be in (0, 1], got " + fidelity);
        }
        double[] row = row(architecture.sample());
        var metrics = new LinkedHashMap<String, Double>();
        metrics.put("accuracy", row[table.column(dataset.id() + "_valid_12ep")] / 100.0);
        table.latencyColumns.forEach((name, col) -> metrics.put(name, row[col]));
        metrics.put("params", (double) params(architecture.sample()));
        long flops = flops(architecture.sample());
        metrics.put("flops", (double) flops);
        return Evaluation.of(metrics, epochSeconds(flops) * QUERY_EPOCHS * fidelity);
    }

    /** The 200-epoch test accuracy (in [0, 1]) of the architecture, as {@code accuracy}. */
    @Override
    public Optional<Evaluation> test(Architecture architecture, long seed) {
        double[] row = row(architecture.sample());
        return Optional.of(Evaluation.of(Map.of("accuracy", row[table.column(dataset.id() + "_test_200ep")] / 100.0),
                0.0));
    }

    /**
     * Trainable parameters of the benchmark's network for this cell (NAS-Bench-201's TinyNetwork: a 3x3 stem conv
     * to 16 channels, three stages of 5 cells at 16/32/64 channels joined by two residual reduction blocks, a final
     * BatchNorm and a linear classifier). Each nor_conv_kxk edge is ReLU-Conv-BN ({@code C*C*k*k + 2C}); skip,
     * pooling and none have none. All-3x3 gives 1,531,546 and a cell without convolutions 73,306 on CIFAR-10,
     * the benchmark's 1.53 MB and 0.07 MB.
     */
    public long params(Sample sample) {
        int classes = dataset.classes();
        long cells = 0; // one cell at C channels has a * C^2 + b * C parameters; 5 cells per stage
        long a = 0;
        long b = 0;
        for (var c : space.choices()) {
            switch (sample.getString(c.label())) {
                case "nor_conv_3x3" -> {
                    a += 9;
                    b += 2;
                }
                case "nor_conv_1x1" -> {
                    a += 1;
                    b += 2;
                }
                default -> {
                }
            }
        }
        for (int ch : new int[] {16, 32, 64}) {
            cells += 5 * (a * ch * ch + b * ch);
        }
        long stem = 3 * 16 * 9 + 2 * 16;
        long reductions = reduction(16, 32) + reduction(32, 64);
        long head = 2 * 64 + 64L * classes + classes;
        return stem + cells + reductions + head;
    }

    /**
     * Multiply-accumulates of one forward pass of one image through the benchmark's network (C=16, 5 cells per
     * stage, {@link Dataset#resolution()} input, {@link Dataset#classes()} outputs), counted as
     * {@link org.jnas.eval.cost.Costs#macs} counts them (convolutions and the linear layer; BatchNorm, pooling and
     * sums are free). Per cell, every 3x3 conv edge adds {@code 9 C^2 HW} and every 1x1 edge {@code C^2 HW}, the
     * same in each stage since channels double as the area quarters: 7.78 M for a cell without convolutions and
     * 220.1 M for all-3x3 on CIFAR-10 (NAS-Bench-201 reports 7.78 to 220.11 MFLOPs).
     */
    public long flops(Sample sample) {
        int conv3 = 0;
        int conv1 = 0;
        for (var c : space.choices()) {
            switch (sample.getString(c.label())) {
                case "nor_conv_3x3" -> conv3++;
                case "nor_conv_1x1" -> conv1++;
                default -> {
                }
            }
        }
        return macs(dataset, conv3, conv1);
    }

    /** {@link #flops} from the number of 3x3 and 1x1 conv edges in the cell (the only ops that cost MACs). */
    static long macs(Dataset ds, double conv3, double conv1) {
        long area = (long) ds.resolution() * ds.resolution();
        long perCellEdge3 = 9L * STEM_CHANNELS * STEM_CHANNELS * area; // c^2 * HW is the same in every stage
        long perCellEdge1 = (long) STEM_CHANNELS * STEM_CHANNELS * area;
        long stem = 9L * 3 * STEM_CHANNELS * area;
        long reductions = 0;
        long c = STEM_CHANNELS;
        long hw = area;
        for (int r = 0; r < 2; r++) {
            hw /= 4; // stride 2
            reductions += 9 * c * 2 * c * hw + 9 * 2 * c * 2 * c * hw + c * 2 * c * hw; // conv a, conv b, shortcut
            c *= 2;
        }
        long head = c * ds.classes();
        return stem + reductions + head
                + Math.round(3 * CELLS_PER_STAGE * (conv3 * perCellEdge3 + conv1 * perCellEdge1));
    }

    /**
     * Estimated seconds of one training epoch of this architecture in the benchmark's setting: an estimate, not a
     * recorded time (the table has none). Training time grows with FLOPs but not in proportion: data loading,
     * BatchNorm, pooling and the fixed skeleton cost time too. The fixed share comes from two per-epoch times the
     * NAS-Bench-201 API returns for cifar10-valid (architecture 0, two 1x1 convs per cell: 7.221 s; architecture 1,
     * three 3x3 convs: 10.848 s), which put it at about {@code 180 M} MACs' worth of time. The line through them is
     * then scaled so that the mean over the whole space is {@link #MEAN_EPOCH_SECONDS} on CIFAR-10 (unscaled it
     * gives 8.7 s). Other datasets: the same per-image model at their resolution, times their epoch size relative
     * to CIFAR-10's 25,000 images.
     */
    public double epochSeconds(Sample sample) {
        return epochSeconds(flops(sample));
    }

    private double epochSeconds(long flops) {
        double perImageFixed = FIXED_MACS * dataset.resolution() * dataset.resolution() / (32.0 * 32.0);
        double perImage = perImageFixed + flops;
        double epochs = (double) dataset.trainImages() / Dataset.CIFAR10.trainImages();
        return MEAN_EPOCH_SECONDS * epochs * perImage / (FIXED_MACS + MEAN_CIFAR10_MACS);
    }

    /**
     * The charge of one query: {@link #epochSeconds} times {@value #QUERY_EPOCHS} epochs times the fidelity. Over
     * the space it averages {@link #MEAN_QUERY_SECONDS} on CIFAR-10. The one validation pass a real run would also
     * take is left out.
     */
    public double querySeconds(Sample sample, double fidelity) {
        return epochSeconds(sample) * QUERY_EPOCHS * fidelity;
    }

    private static final int STEM_CHANNELS = 16;
    private static final int CELLS_PER_STAGE = 5;
    /** Mean MACs over the space (each of the 6 edges uniform over 5 ops: 1.2 edges of each conv per cell). */
    private static final double MEAN_CIFAR10_MACS = macs(Dataset.CIFAR10, 1.2, 1.2);
    /** The fixed per-image time in MACs' worth: the intercept over the slope of the line through the two times. */
    private static final double FIXED_MACS;

    static {
        double t0 = 7.221; // architecture 0: |avg_pool_3x3~0|+|nor_conv_1x1~0|skip~1|+|nor_conv_1x1~0|skip~1|skip~2|
        double f0 = macs(Dataset.CIFAR10, 0, 2);
        double t1 = 10.848; // architecture 1: three nor_conv_3x3 edges (row 1 of the table)
        double f1 = macs(Dataset.CIFAR10, 3, 0);
        FIXED_MACS = t0 * (f1 - f0) / (t1 - t0) - f0;
    }

    /** NAS-Bench-201's ResNet basic block with stride 2: two ReLU-Conv3x3-BN and an avg-pool + 1x1 conv shortcut. */
    private static long reduction(int in, int out) {
        return (long) in * out * 9 + 2L * out + (long) out * out * 9 + 2L * out + (long) in * out;
    }

    /** The 200-epoch test accuracy of a sample, in [0, 1]: what benchmark B2 scores a search's answer by. */
    public double testAccuracy(Sample sample) {
        return row(sample)[table.column(dataset.id() + "_test_200ep")] / 100.0;
    }

    /** Best 200-epoch test accuracy over the whole table (the benchmark's published optimum). */
    public double bestTestAccuracy() {
        int col = table.column(dataset.id() + "_test_200ep");
        return table.rows.values().stream().mapToDouble(r -> r[col]).max().orElseThrow() / 100.0;
    }

    /** Every architecture of the table as a sample of {@link Spaces#nasBench201()}, in table order. */
    public List<Sample> allSamples() {
        return table.rows.keySet().stream().map(space::fromArchString).toList();
    }

    private double[] row(Sample sample) {
        String arch;
        try {
            arch = space.toArchString(sample);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("NAS-Bench-201 only scores samples of Spaces.nasBench201() (6 edges"
                    + " 'i->j', ops none/skip_connect/nor_conv_1x1/nor_conv_3x3/avg_pool_3x3): " + e.getMessage(), e);
        }
        double[] row = table.rows.get(arch);
        if (row == null) {
            throw new IllegalArgumentException("architecture " + arch + " is not in the NAS-Bench-201 table");
        }
        return row;
    }

    /**
     * The table holds only the cells of {@link Spaces#nasBench201()}: a space is accepted when it is that cell
     * (one input, three nodes, the same six edges, output "last") with a subset of its five operations.
     */
    @Override
    public Optional<String> cannotEvaluate(SearchSpace other) {
        String needs = "the NAS-Bench-201 table holds only cells of Spaces.nasBench201() (" + space.edgePairs().size()
                + " edges between " + (space.inputs() + space.nodes()) + " nodes, ops " + space.ops()
                + ", output 'last')";
        if (!(other instanceof CellSpace cell)) {
            return Optional.of(needs + "; space '" + other.name() + "' is a " + other.getClass().getSimpleName()
                    + ". Train its networks instead (evaluator kind \"train\")");
        }
        if (cell.inputs() != space.inputs() || cell.nodes() != space.nodes()
                || !labels(cell).equals(labels(space)) || !cell.output().equals(space.output())) {
            return Optional.of(needs + "; space '" + cell.name() + "' has " + cell.edgePairs().size() + " edges between "
                    + (cell.inputs() + cell.nodes()) + " nodes, output '" + cell.output() + "'. Train its networks"
                    + " instead (evaluator kind \"train\")");
        }
        List<String> foreign = cell.ops().stream().filter(op -> !space.ops().contains(op)).toList();
        if (!foreign.isEmpty()) {
            return Optional.of(needs + "; space '" + cell.name() + "' also has ops " + foreign + ", which the table"
                    + " never trained");
        }
        return Optional.empty();
    }

    private static List<String> labels(CellSpace cell) {
        return cell.choices().stream().map(org.jnas.space.Choice::label).toList();
    }

    @Override
    public String describe() {
        return "nasbench201(" + dataset.id() + ", 12-epoch validation accuracy, cost estimated from FLOPs)";
    }

    @Override
    public String toString() {
        return "NasBench201 " + dataset.id() + ": " + size() + " architectures, metrics accuracy + "
                + latencyMetrics();
    }

    /** The parsed CSV: arch string to numeric columns. */
    private static final class Table {
        final Map<String, Integer> columns = new HashMap<>();
        final Map<String, Integer> latencyColumns = new LinkedHashMap<>();
        final Map<String, double[]> rows = new LinkedHashMap<>();
        Path source;

        int column(String name) {
            Integer c = columns.get(name);
            if (c == null) {
                throw new IllegalStateException("the NAS-Bench-201 table has no column '" + name + "'; it has "
                        + columns.keySet());
            }
            return c;
        }

        static Table read(Path file) {
            var t = new Table();
            t.source = file;
            try (BufferedReader in = reader(file)) {
                String header = in.readLine();
                if (header == null) {
                    throw new IllegalStateException(file + " is empty");
                }
                String[] names = header.split(",");
                int archCol = -1;
                for (int i = 0; i < names.length; i++) {
                    t.columns.put(names[i], i);
                    if (names[i].equals("arch")) {
                        archCol = i;
                    }
                    if (names[i].startsWith("latency_ms_")) {
                        t.latencyColumns.put(names[i], i);
                    }
                }
                if (archCol < 0) {
                    throw new IllegalStateException(file + " has no 'arch' column; is it the NAS-Bench-201 table?");
                }
                String line;
                int lineNo = 1;
                while ((line = in.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",", -1);
                    if (cells.length != names.length) {
                        throw new IllegalStateException(file + " line " + lineNo + " has " + cells.length
                                + " fields, the header " + names.length);
                    }
                    double[] row = new double[names.length];
                    for (int i = 0; i < cells.length; i++) {
                        row[i] = i == archCol || cells[i].isEmpty() ? Double.NaN
                                : Double.parseDouble(cells[i].trim());
                    }
                    t.rows.put(cells[archCol].trim(), row);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            return t;
        }

        /** A reader of the file, unpacking it on the fly when its name ends in {@code .gz}. */
        private static BufferedReader reader(Path file) throws IOException {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return Files.newBufferedReader(file);
            }
            return new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8));
        }
    }

}
