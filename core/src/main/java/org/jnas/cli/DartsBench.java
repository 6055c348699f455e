package org.jnas.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jnas.darts.BilevelStep;
import org.jnas.darts.Supernet;
import org.jnas.darts.SupernetShape;
import org.jnas.data.FashionMnist;
import org.jnas.data.ImageData;
import org.jnas.eval.djl.Threads;
import org.jnas.space.DartsSpace;
import org.jnas.util.ProcStatus;

/**
 * {@code ./jnas bench darts [timed=20] [warmup=5] [--with-peer] [--threads N]}: benchmark B1. Runs exactly the
 * workload of {@code shared/bench/darts_reference.py} (DARTS space, C=8, 5 cells, batch 32, first-order step:
 * Adam on alphas over a validation batch, then SGD momentum 0.9 with clipping 5 over a training batch) and prints
 * {@code STEP_MS median=.. min=.. max=..} and {@code PEAK_RSS_MB ..} in the reference's form. With
 * {@code --with-peer} it then runs the PyTorch reference (OMP_NUM_THREADS=threads) and prints the ratios.
 * {@code DARTS_C}, {@code DARTS_CELLS}, {@code DARTS_BATCH} override the sizes on both sides, as in the reference.
 */
public final class DartsBench {
    private static final Pattern STEP = Pattern.compile("STEP_MS median=([0-9.]+) min=([0-9.]+) max=([0-9.]+)");
    private static final Pattern RSS = Pattern.compile("PEAK_RSS_MB ([0-9.]+)");

    private DartsBench() {
    }

    /** Median, min and max milliseconds per step, and peak RSS in MB. */
    public record Figures(double medianMs, double minMs, double maxMs, double peakRssMb) {
    }

    public static void main(String[] args) throws Exception {
        int timed = 20;
        int warmup = 5;
        int threads = 2;
        boolean peer = false;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--with-peer" -> peer = true;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "-h", "--help" -> {
                    System.out.println("usage: ./jnas bench darts [timed_steps=20] [warmup=5] [--with-peer]"
                            + " [--threads 2]");
                    return;
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + args[i]
                                + "; options: --with-peer, --threads N");
                    }
                    positional.add(args[i]);
                }
            }
        }
        if (positional.size() > 0) {
            timed = Integer.parseInt(positional.get(0));
        }
        if (positional.size() > 1) {
            warmup = Integer.parseInt(positional.get(1));
        }
        // The peer runs first: a child started from a big JVM inherits the JVM's peak RSS through exec (Linux keeps
        // ru_maxrss across execve), so started afterwards it would report jnas's peak as its own.
        Figures theirs = peer ? runPeer(timed, warmup, threads) : null;
        Figures mine = run(timed, warmup, threads);
        if (peer) {
            System.out.printf("PEER STEP_MS median=%.1f min=%.1f max=%.1f PEAK_RSS_MB %.0f%n", theirs.medianMs(),
                    theirs.minMs(), theirs.maxMs(), theirs.peakRssMb());
            System.out.printf("RATIO jnas/pytorch step_median=%.2f peak_rss=%.2f%n",
                    mine.medianMs() / theirs.medianMs(), mine.peakRssMb() / theirs.peakRssMb());
        }
    }

    private static int env(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    /** The jnas side; prints the reference's lines and returns the figures. */
    public static Figures run(int timed, int warmup, int threads) {
        org.jnas.Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare(); // checked convolutions before the first step
        Threads.configure(threads);
        int c = env("DARTS_C", 8);
        int cells = env("DARTS_CELLS", 5);
        int batch = env("DARTS_BATCH", 32);
        ImageData data = FashionMnist.train(4096);
        Engine.getInstance().setRandomSeed(0);
        SupernetShape shape = SupernetShape.benchmark().withChannels(c).withCells(cells);
        double[] times = new double[timed];
        try (NDManager root = NDManager.newBaseManager("PyTorch");
             Supernet net = new Supernet(DartsSpace.standard(), shape, batch, root);
             BilevelStep step = new BilevelStep(net, BilevelStep.Hyper.reference())) { // frees the optimizers' state
            Random rng = new Random(0);
            for (int s = 0; s < warmup + timed; s++) {
                if (Thread.currentThread().isInterrupted()) { // Ctrl-C (StopHook): out of libtorch before the exit
                    throw new java.util.concurrent.CancellationException("interrupted at step " + s);
                }
                int iv = rng.nextInt(2048 - batch);
                int it = 2048 + rng.nextInt(2048 - batch);
                long t0 = System.nanoTime();
                try (NDManager sm = root.newSubManager()) {
                    step.archStepFirstOrder(sm, images(sm, data, iv, batch), labels(sm, data, iv, batch));
                }
                try (NDManager sm = root.newSubManager()) {
                    step.weightStep(sm, images(sm, data, it, batch), labels(sm, data, it, batch));
                }
                if (System.getenv("DARTS_VERBOSE") != null) {
                    System.out.printf("step %d %.0f ms rss %d MB hwm %d MB%n", s, (System.nanoTime() - t0) / 1e6,
                            ProcStatus.kb("VmRSS") / 1024, ProcStatus.kb("VmHWM") / 1024);
                }
                if (s >= warmup) {
                    times[s - warmup] = (System.nanoTime() - t0) / 1e6;
                }
            }
            System.out.printf("jnas DJL %s threads %d supernet weights %d on %s%n", Engine.getInstance().getVersion(),
                    threads, net.weightCount(), root.getDevice()); // DJL's default device: a GPU where it sees one
        }
        Arrays.sort(times);
        double rss = peakRssMb();
        System.out.printf("PEAK_RSS_MB %.0f%n", rss);
        System.out.printf("STEP_MS median=%.1f min=%.1f max=%.1f%n", times[times.length / 2], times[0],
                times[times.length - 1]);
        return new Figures(times[times.length / 2], times[0], times[times.length - 1], rss);
    }

    static NDArray images(NDManager m, ImageData d, int from, int n) {
        return m.create(d.slice(from, from + n).pixels(), new Shape(n, d.channels(), d.height(), d.width()));
    }

    static NDArray labels(NDManager m, ImageData d, int from, int n) {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
            l[i] = d.labels()[from + i];
        }
        return m.create(l);
    }

    /** VmHWM of this process, in MB (what the reference's ru_maxrss reports). */
    public static double peakRssMb() {
        return ProcStatus.kb("VmHWM") / 1024.0;
    }

    /** Runs the PyTorch reference in a child process and reads its figures. */
    static Figures runPeer(int timed, int warmup, int threads) throws IOException, InterruptedException {
        Path script = findReference();
        var pb = new ProcessBuilder(peerPython(), script.toString(), String.valueOf(timed),
                String.valueOf(warmup));
        peerEnvironment(pb, threads);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int rc = p.waitFor();
        Matcher step = STEP.matcher(out);
        Matcher rss = RSS.matcher(out);
        if (rc != 0 || !step.find() || !rss.find()) {
            throw new IllegalStateException("the PyTorch reference " + script + " failed (exit " + rc + "); it needs"
                    + " Debian's python3-torch (sudo apt-get install python3-torch). Its output:\n" + out);
        }
        System.out.print(out.lines().filter(l -> l.startsWith("torch")).map(l -> "PEER " + l + "\n")
                .reduce("", String::concat));
        return new Figures(Double.parseDouble(step.group(1)), Double.parseDouble(step.group(2)),
                Double.parseDouble(step.group(3)), Double.parseDouble(rss.group(1)));
    }

    /**
     * A PyTorch peer's environment: {@code threads} OpenMP threads, and PyTorch's own oneDNN settings. jnas's
     * {@code ONEDNN_MAX_CPU_ISA}, a workaround for the oneDNN inside jnas's libtorch ({@code ./jnas} exports it on
     * CPUs where that oneDNN is wrong), is not passed on: capped so, the peer's own, correct oneDNN ran half as fast
     * on the AMD VM, which made jnas look as fast as it.
     */
    static void peerEnvironment(ProcessBuilder pb, int threads) {
        pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");
    }

    /**
     * The Python that runs the PyTorch peers: {@code JNAS_PEER_PYTHON}, else Debian's {@code /usr/bin/python3} (with
     * python3-torch). Why an override: a GPU machine's PyTorch with CUDA usually lives in its own environment.
     */
    static String peerPython() {
        String env = System.getenv("JNAS_PEER_PYTHON");
        return env == null || env.isBlank() ? "/usr/bin/python3" : env;
    }

    /** {@code $JNAS_SHARED/bench/darts_reference.py}, else {@code ../shared/bench/} from here or a parent. */
    static Path findReference() {
        return findReference("darts_reference.py");
    }

    /** {@code $JNAS_SHARED/bench/NAME}, else {@code ../shared/bench/NAME} from here or a parent. */
    static Path findReference(String name) {
        String env = System.getenv("JNAS_SHARED");
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env, "bench", name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path p : List.of(dir.resolve("shared/bench/" + name),
                    dir.resolveSibling("shared").resolve("bench/" + name))) {
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("cannot find " + name + ": set JNAS_SHARED to the folder holding"
                + " bench/" + name + " (the project's shared folder, ../shared from the repository)");
    }
}
