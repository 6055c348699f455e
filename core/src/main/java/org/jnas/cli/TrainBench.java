package org.jnas.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jnas.Jnas;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.eval.Evaluation;
import org.jnas.eval.cost.Latency;
import org.jnas.eval.djl.Autograd;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.Threads;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.space.Architecture;
import org.jnas.space.CellSpace;
import org.jnas.stats.Comparison;
import org.jnas.stats.Stats;
import org.jnas.stats.Summary;

/**
 * {@code ./jnas bench train [--with-peer] [--repeats 5] [--batch 64] [--workers 1] [--threads 2] [--device cpu]
 * [--profile]}:
 * benchmark B4, one trial of real training (../shared/BENCHMARKS.md). A trial is what a search's trial is, less the
 * latency measurement (the peer measures none): the quickstart's cell network (C=8, one cell per stage, cell
 * {@code nor_conv_3x3~0->1, skip_connect~0->2, nor_conv_3x3~1->2}, 43,010 parameters) built, trained for one
 * epoch on 12,000 Fashion-MNIST images (Adam 1e-3) and scored on 5,000 others,
 * through {@link TrainingEvaluator} with seeds 0, 1, 2, ..., after one untimed warm-up round on each side (a
 * process's first trial also loads and compiles code). {@code LATENCY_MEASUREMENT_MS} says what measuring latency,
 * as a search's trial does by default, adds to a trial.
 *
 * <p>With {@code --with-peer} the PyTorch reference ({@code shared/bench/train_reference.py}, driven trial by trial
 * by {@code train_peer.py}) runs in the same process tree, its trials interleaved with jnas's (jnas, peer, jnas,
 * peer, ...) so that a busy machine slows both alike; the figures are the medians and their ratio. With
 * {@code --workers W}, W trials run at once (W threads in one JVM; W peer processes), each with
 * {@code max(1, threads / W)} threads, and a trial's time is the wall time of the W trials divided by W: the cost
 * of a trial in a search with W workers.
 *
 * <p>{@code --device gpu} (or {@code gpu:N}) trains on that GPU on both sides: jnas through its evaluator's
 * {@code devices}, the peer with the network on {@code cuda:N} and each batch copied there from host memory, as
 * jnas copies its batches. It needs a libtorch with CUDA (README, "GPU") and a PyTorch with CUDA for the peer
 * ({@code JNAS_PEER_PYTHON} names its Python).
 *
 * <p>With {@code --profile} (and the peer, one worker), one more trial runs on each side under its engine's own
 * profiler (libtorch's through DJL; {@code torch.profiler}) and a table compares the self time and calls of the ops
 * that take most time on either side: where the two trials differ, op by op. Profiling slows both sides, jnas's
 * about twice as much (ops' self times 16.1 s against 8.5 s, where unprofiled trials were 1.0-1.25x the peer's),
 * so the table tells which ops and calls differ, not by how much.
 *
 * <p>Prints {@code TRIAL_S median=.. min=.. max=..}, {@code ACCURACY ..}, {@code PEAK_RSS_MB ..} and
 * {@code LATENCY_MEASUREMENT_MS median=.. min=.. max=..}; with the peer the first three again prefixed {@code PEER },
 * then {@code RATIO jnas/peer=..} (medians, Welch's test on the seconds), {@code RATIO_PAIRED jnas/peer=..} (round
 * by round, so the machine's drift cancels; see {@link #pairedRatio}) and whether the accuracies differ beyond seed
 * noise.
 */
public final class TrainBench {
    static final String CELL = "|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|";
    /** The untimed first round's index: its seeds ({@code 1000 * workers ...}) are none of the timed rounds'. */
    static final int WARM_UP_ROUND = 1000;

    private TrainBench() {
    }

    /** One trial: seconds and validation accuracy. */
    record Trial(double seconds, double accuracy) {
    }

    public static int run(String[] args) throws Exception {
        int repeats = 5;
        int batch = 64;
        int workers = 1;
        int threads = 2;
        boolean peer = false;
        boolean profile = false;
        String device = "cpu";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--with-peer" -> peer = true;
                case "--repeats", "--rounds" -> repeats = positive(args, ++i);
                case "--profile" -> profile = true;
                case "--batch" -> batch = positive(args, ++i);
                case "--workers" -> workers = positive(args, ++i);
                case "--threads" -> threads = positive(args, ++i);
                case "--device" -> {
                    if (++i >= args.length) {
                        throw new IllegalArgumentException("--device needs cpu, gpu or gpu:N");
                    }
                    device = args[i];
                }
                case "-h", "--help" -> {
                    System.out.println("usage: ./jnas bench train [--with-peer] [--repeats 5] [--batch 64]"
                            + " [--workers 1] [--threads 2] [--device cpu|gpu|gpu:N] [--profile]");
                    return 0;
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; options:"
                        + " --with-peer, --repeats N (or --rounds N), --batch N, --workers N, --threads N,"
                        + " --device cpu|gpu|gpu:N, --profile");
            }
        }
        if (profile && (!peer || workers != 1)) {
            throw new IllegalArgumentException("--profile compares one trial on each side: give it with --with-peer"
                    + " and one worker (--workers 1)");
        }
        int perTrial = Math.max(1, threads / workers);
        Jnas.init();
        Device[] devices;
        try {
            devices = EvaluatorKinds.device(device, "\"" + device + "\"");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device " + e.getMessage(), e);
        }
        if (devices.length != 1) {
            throw new IllegalArgumentException("--device " + device + " names " + devices.length + " devices; B4 trains"
                    + " on one: give gpu:N");
        }
        String peerDevice = devices[0].isGpu() ? "cuda:" + devices[0].getDeviceId() : "cpu";
        DataSplits data = Datasets.fashionMnist().limit(12_000, 5_000);
        Architecture arch = architecture();
        NetworkBuilder network = network();
        TrainingEvaluator evaluator = evaluator(data, network, batch, perTrial, devices);
        System.out.printf(Locale.ROOT, "B4: %s, cell %s, %d round(s) of %d trial(s) at once, %d thread(s) each, on"
                + " %s%n", evaluator.describe(), CELL, repeats, workers, perTrial, devices[0]);
        // which convolutions ran matters to every figure below (ConvolutionCheck: oneDNN is wrong on some CPUs)
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        System.out.println("B4: " + org.jnas.eval.djl.ConvolutionCheck.describe()
                + (isa == null || isa.isBlank() ? "" : ", ONEDNN_MAX_CPU_ISA=" + isa + " (jnas only: the peer runs with"
                + " PyTorch's defaults)"));
        // the figures depend on the libtorch build (README, "libtorch versions": JNAS_LIBTORCH picks it)
        System.out.println("B4: libtorch " + ai.djl.engine.Engine.getInstance().getVersion() + " through DJL "
                + ai.djl.engine.Engine.getDjlVersion());
        System.out.println("B4: " + org.jnas.eval.djl.NativeHeap.describe());
        System.out.println("B4: " + jvmHeap()); // the JVM's share of PEAK_RSS_MB depends on it

        List<Peer> peers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            if (peer) {
                Path reference = DartsBench.findReference("train_reference.py");
                for (int w = 0; w < workers; w++) {
                    peers.add(new Peer(reference, batch, perTrial, peerDevice));
                }
                System.out.println("PEER " + peers.get(0).banner);
            }
            // one untimed round first: each side's first trial in its process also loads code, compiles (the JIT)
            // and grows its heap, which the trials of a search pay once; seeds outside the timed rounds'
            Trial warmMine = jnasRound(evaluator, arch, pool, WARM_UP_ROUND, workers);
            String warmTheirs = peer ? String.format(Locale.ROOT, ", peer %.2f s", peerRound(peers, WARM_UP_ROUND,
                    workers).seconds()) : "";
            System.out.printf(Locale.ROOT, "warm-up round (not counted): jnas %.2f s per trial%s%n",
                    warmMine.seconds(), warmTheirs);
            List<Trial> mine = new ArrayList<>();
            List<Trial> theirs = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                Trial t = jnasRound(evaluator, arch, pool, r, workers);
                mine.add(t);
                System.out.printf(Locale.ROOT, "jnas round %d: %.2f s per trial, accuracy %.4f%n", r, t.seconds(),
                        t.accuracy());
                if (peer) {
                    Trial p = peerRound(peers, r, workers);
                    theirs.add(p);
                    System.out.printf(Locale.ROOT, "peer round %d: %.2f s per trial, accuracy %.4f%n", r,
                            p.seconds(), p.accuracy());
                }
            }
            double[] mineS = print("", mine, DartsBench.peakRssMb());
            System.out.println(latencyCost(network, arch, perTrial, devices[0]));
            if (peer) {
                double peerRss = 0;
                for (Peer p : peers) {
                    peerRss += p.hwmMb;
                }
                double[] theirS = print("PEER ", theirs, peerRss);
                System.out.printf(Locale.ROOT, "RATIO jnas/peer=%.2f (median seconds per trial, %d interleaved"
                        + " rounds; %s)%n", median(mineS) / median(theirS), repeats,
                        speedVerdict(mineS, theirS));
                System.out.println("RATIO_PAIRED " + pairedRatio(mineS, theirS));
                System.out.println("ACCURACY jnas-peer " + Comparison.welch(accuracies(mine), accuracies(theirs))
                        .verdict());
                System.out.printf(Locale.ROOT, "RATIO peak_rss jnas/peer=%.2f%n", DartsBench.peakRssMb() / peerRss);
            }
            if (profile) {
                profile(evaluator, arch, repeats, peers.get(0));
            }
            return 0;
        } finally {
            // on Ctrl-C the trials stop at their next batch: no thread is in libtorch when the JVM exits
            org.jnas.run.TrialExecutor.stopAndWait(pool, StopHook.WAIT_SECONDS);
            for (Peer p : peers) {
                p.close();
            }
        }
    }

    /**
     * One more trial per side (seed {@code seed}) under each engine's profiler; prints self milliseconds and calls per
     * op. jnas's trial runs on this thread: libtorch's profiler records the thread that starts it.
     */
    private static void profile(TrainingEvaluator evaluator, Architecture arch, long seed, Peer peer)
            throws IOException {
        Path trace = java.nio.file.Files.createTempFile("jnas-b4-profile", ".json");
        ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
        try {
            evaluator.evaluate(arch, 1.0, seed);
        } finally {
            ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toString());
        }
        peer.sendLine("profile " + seed + " " + trace);
        System.out.printf(Locale.ROOT, "PROFILE one trial per side (seed %d) under its engine's profiler (profiling"
                + " slows both, jnas's side about twice as much: compare calls, and times within a side); self time"
                + " per op, the 25 ops that take most on either side%n", seed);
        System.out.printf(Locale.ROOT, "PROFILE %-50s %9s %7s %9s %7s %6s%n", "op", "jnas_ms", "calls", "peer_ms",
                "calls", "ratio");
        for (String line; !(line = peer.expect("PROFILE")).equals("PROFILE_END"); ) {
            String[] f = line.split(" "); // PROFILE op jnas_ms jnas_calls peer_ms peer_calls
            double mine = Double.parseDouble(f[2]);
            double theirs = Double.parseDouble(f[4]);
            System.out.printf(Locale.ROOT, "PROFILE %-50s %9.0f %7s %9.0f %7s %6s%n", f[1], mine, f[3], theirs, f[5],
                    theirs > 0 ? String.format(Locale.ROOT, "%.2f", mine / theirs) : "-");
        }
        java.nio.file.Files.deleteIfExists(trace);
        java.nio.file.Files.deleteIfExists(Path.of(trace + ".peer.json"));
    }

    /** B4's cell, {@link #CELL}, in the quickstart's space. */
    static Architecture architecture() {
        CellSpace space = ProxiesBench.QUICKSTART_SPACE;
        return space.freeze(space.fromArchString(CELL));
    }

    /** B4's network: C=8, one cell per stage. */
    static NetworkBuilder network() {
        return new NetworkBuilder().channels(8).cellsPerStage(1);
    }

    /**
     * B4's evaluator: a search's {@link TrainingEvaluator} without the latency measurement, so that a jnas trial does
     * what the peer's does, train and score. A search's trial also measures latency by default
     * ({@link Latency#defaults()}); {@link #latencyCost} prints what that adds.
     */
    static TrainingEvaluator evaluator(DataSplits data, NetworkBuilder network, int batch, int threads,
                                       Device[] devices) {
        return TrainingEvaluator.builder(data).network(network).epochs(1).batchSize(batch).threads(threads)
                .devices(devices).latency(null).build();
    }

    /**
     * The line {@code LATENCY_MEASUREMENT_MS median=.. min=.. max=..}: milliseconds that measuring latency
     * ({@link Latency#defaults()}) takes on B4's network, three times on this thread with a trial's threads. A
     * search's trial spends them on top of {@code TRIAL_S}; the peer measures no latency.
     */
    static String latencyCost(NetworkBuilder network, Architecture arch, int threads, Device device) {
        Threads.configure(threads);
        double[] ms = new double[3];
        for (int i = 0; i < ms.length; i++) {
            try (NDManager manager = NDManager.newBaseManager(device); Autograd.Scope off = Autograd.off()) {
                Block block = network.build(arch);
                block.initialize(manager, DataType.FLOAT32, network.inputShape(1));
                long t0 = System.nanoTime();
                Latency.defaults().measure(block, manager, network.inputShape(1).slice(1));
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "LATENCY_MEASUREMENT_MS median=%.0f min=%.0f max=%.0f (not in TRIAL_S:"
                + " what a search's trial adds by default to measure latency, 5 warm-up passes and 20-100 timed ones"
                + " at batch 1; the peer measures none)", median(ms), sorted[0], sorted[ms.length - 1]);
    }

    /** The JVM's collector and heap bounds, as {@code ./jnas} or {@code JAVA_OPTS} set them. */
    static String jvmHeap() {
        var gcs = java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(java.lang.management.GarbageCollectorMXBean::getName).toList();
        var heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return String.format(Locale.ROOT, "JVM heap: initial %d MB, max %d MB, collectors %s", heap.getInit() >> 20,
                heap.getMax() >> 20, String.join(" + ", gcs));
    }

    /**
     * The speed ratio round by round: each round runs jnas and then the peer, so the machine's drift (its speed
     * moved by 2x within an hour here) hits both alike and cancels in the round's ratio, where the unpaired test
     * carries it as noise. Geometric mean of the per-round ratios, with a paired t interval on their logarithms.
     */
    static String pairedRatio(double[] mine, double[] theirs) {
        int n = mine.length;
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            logs[i] = Math.log(mine[i] / theirs[i]);
        }
        double mean = Stats.mean(logs);
        if (n < 2) {
            return String.format(Locale.ROOT, "jnas/peer=%.2f (1 round: no interval, give --repeats 2 or more)",
                    Math.exp(mean));
        }
        double se = Stats.sd(logs) / Math.sqrt(n);
        if (se == 0) {
            return String.format(Locale.ROOT, "jnas/peer=%.2f (every round the same ratio)", Math.exp(mean));
        }
        double half = Stats.tQuantile(0.95, n - 1) * se;
        double p = Stats.tTwoSidedP(mean / se, n - 1);
        return String.format(Locale.ROOT, "jnas/peer=%.2f [95%% CI %.2f, %.2f] (geometric mean of %d per-round ratios,"
                + " paired t on their logs, p=%.3g): %s", Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half),
                n, p, p < Comparison.ALPHA ? (mean > 0 ? "jnas slower, beyond noise" : "jnas faster, beyond noise")
                : "within noise");
    }

    private static String speedVerdict(double[] mine, double[] theirs) {
        Comparison c = Comparison.welch(mine, theirs);
        return String.format(Locale.ROOT, "seconds jnas-peer %+.2f [95%% CI %+.2f, %+.2f], %s", c.difference(),
                c.ciLow(), c.ciHigh(), c.significant() ? "beyond noise" : "within noise");
    }

    private static int positive(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a number");
        }
        int v = Integer.parseInt(args[i]);
        if (v < 1) {
            throw new IllegalArgumentException(args[i - 1] + " must be at least 1, got " + v);
        }
        return v;
    }

    /** Prints the figure lines of one side; returns its seconds per trial. */
    private static double[] print(String prefix, List<Trial> trials, double peakRssMb) {
        double[] s = trials.stream().mapToDouble(Trial::seconds).toArray();
        double[] sorted = s.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%sTRIAL_S median=%.2f min=%.2f max=%.2f%n", prefix, median(s), sorted[0],
                sorted[sorted.length - 1]);
        System.out.println(prefix + "ACCURACY " + Summary.of(accuracies(trials)));
        System.out.printf(Locale.ROOT, "%sPEAK_RSS_MB %.0f%n", prefix, peakRssMb);
        return s;
    }

    private static double[] accuracies(List<Trial> trials) {
        return trials.stream().mapToDouble(Trial::accuracy).toArray();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {@code workers} trials at once (seeds round*workers ...); wall seconds / workers, mean accuracy. */
    private static Trial jnasRound(TrainingEvaluator evaluator, Architecture arch, ExecutorService pool, int round,
                                   int workers) throws Exception {
        long t0 = System.nanoTime();
        List<Future<Evaluation>> runs = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            long seed = (long) round * workers + w;
            runs.add(pool.submit(() -> evaluator.evaluate(arch, 1.0, seed)));
        }
        double acc = 0;
        for (Future<Evaluation> f : runs) {
            acc += f.get().metric("accuracy");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        return new Trial(wall / workers, acc / workers);
    }

    private static Trial peerRound(List<Peer> peers, int round, int workers) throws IOException {
        long t0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            peers.get(w).send((long) round * workers + w);
        }
        double acc = 0;
        double own = 0;
        for (Peer p : peers) {
            String[] f = p.receive();
            own = Double.parseDouble(f[1]);
            acc += Double.parseDouble(f[2].substring("accuracy=".length()));
            p.hwmMb = Double.parseDouble(f[3].substring("hwm_mb=".length()));
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        // one worker: the peer's own timing of its trial (as train_reference.py prints it); several: wall / workers
        return new Trial(workers == 1 ? own : wall / workers, acc / workers);
    }

    /** One long-lived peer process, told seeds on stdin. */
    private static final class Peer implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;
        private final StringBuilder transcript = new StringBuilder();
        final String banner;
        double hwmMb;

        Peer(Path reference, int batch, int threads, String device) throws IOException {
            String driver;
            try (InputStream s = TrainBench.class.getResourceAsStream("train_peer.py")) {
                driver = new String(s.readAllBytes(), StandardCharsets.UTF_8);
            }
            var pb = new ProcessBuilder(DartsBench.peerPython(), "-c", driver, reference.toString(),
                    String.valueOf(batch), device);
            DartsBench.peerEnvironment(pb, threads);
            pb.redirectErrorStream(true);
            process = pb.start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            banner = expect("READY");
        }

        void send(long seed) throws IOException {
            sendLine(String.valueOf(seed));
        }

        void sendLine(String line) throws IOException {
            in.write(line + "\n");
            in.flush();
        }

        String[] receive() {
            return expect("TRIAL_S").split(" ");
        }

        String expect(String prefix) {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                    transcript.append(line).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("the PyTorch peer (train_reference.py) stopped; it needs Debian's"
                    + " python3-torch (sudo apt-get install python3-torch). Its output:\n" + transcript);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }
}
