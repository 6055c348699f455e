package org.jnas.eval.cost;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jnas.Jnas;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.Threads;
import org.jnas.space.Architecture;
import org.jnas.util.Json;
import org.jnas.util.ProcStatus;

/**
 * Measures the memory one inference forward pass really takes on the engine, to check {@link PeakMemory}: a fresh
 * JVM builds the network, allocates the input, then records its resident memory, resets the kernel's peak
 * (Linux {@code /proc/self/clear_refs}), runs one forward pass and reads the peak resident memory
 * ({@code VmHWM}). glibc is told to map every block of 64 KB or more on its own ({@code MALLOC_MMAP_THRESHOLD_}),
 * so a freed tensor leaves the resident set at once and the peak is the peak of live tensors, not of malloc's
 * cache. One libtorch thread. Linux only.
 *
 * <p>Two ways to run the pass: {@link Mode#DJL}, DJL's own forward, which keeps every activation until the
 * manager closes (compare with {@link PeakMemory#allActivationBytes()}); {@link Mode#FREEING}, a forward that
 * walks sequential and parallel blocks itself and closes each activation after its last use (compare with
 * {@link PeakMemory#peakActivationBytes()}; chain networks only, since cells run their own forward).
 */
public final class MemoryProbe {

    /** How the probed forward pass treats activations. */
    public enum Mode { DJL, FREEING }

    /**
     * What the probe saw.
     *
     * @param residentBefore bytes resident after the weights and the input were allocated
     * @param peakResident   peak resident bytes during the forward pass
     */
    public record Measured(Mode mode, int batch, long residentBefore, long peakResident) {
        /** What the forward pass added: the measured activation peak. */
        public long deltaBytes() {
            return peakResident - residentBefore;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s forward, batch %d: +%.2f MB over %.1f MB resident", mode, batch,
                    deltaBytes() / 1e6, residentBefore / 1e6);
        }
    }

    private MemoryProbe() {
    }

    /**
     * Runs the probe in a child JVM with this JVM's class path.
     *
     * @param network a builder with the input shape, classes and (for cells) channels of the network
     */
    public static Measured measure(Architecture arch, NetworkBuilder network, int batch, Mode mode) {
        try {
            Path file = Files.createTempFile("jnas-probe", ".json");
            try {
                Files.writeString(file, Json.write(arch, Architecture.class));
                Shape in = network.inputShape(1);
                var cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                        "-Xms256m", "-XX:+AlwaysPreTouch", "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), MemoryProbe.class.getName(), file.toString(),
                        in.get(1) + "x" + in.get(2) + "x" + in.get(3), String.valueOf(network.classes()),
                        String.valueOf(network.channels()), String.valueOf(network.cells()),
                        String.valueOf(batch), mode.name());
                var pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put("MALLOC_MMAP_THRESHOLD_", "65536");
                pb.environment().put("MALLOC_ARENA_MAX", "2");
                pb.environment().put("OMP_NUM_THREADS", "1");
                pb.environment().put("DJL_OFFLINE", "true");
                pb.environment().put("OPT_OUT_TRACKING", "true");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                int rc = p.waitFor();
                String line = out.lines().filter(l -> l.startsWith("PROBE ")).findFirst().orElseThrow(() ->
                        new IllegalStateException("memory probe failed (exit " + rc + "):\n" + out));
                String[] f = line.split(" ");
                return new Measured(mode, batch, Long.parseLong(f[1]), Long.parseLong(f[2]));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the memory probe: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while probing memory", e);
        }
    }

    /** The child side: {@code arch.json CxHxW classes channels cells batch mode}; prints {@code PROBE before peak}. */
    public static void main(String[] args) throws Exception {
        Jnas.init();
        org.jnas.eval.djl.Libtorch.prepare();
        Threads.configure(1);
        Architecture arch = Json.read(Files.readString(Path.of(args[0])), Architecture.class);
        String[] chw = args[1].split("x");
        var nb = new NetworkBuilder().input(Integer.parseInt(chw[0]), Integer.parseInt(chw[1]),
                Integer.parseInt(chw[2])).classes(Integer.parseInt(args[2])).channels(Integer.parseInt(args[3]))
                .cells(Integer.parseInt(args[4]));
        int batch = Integer.parseInt(args[5]);
        Mode mode = Mode.valueOf(args[6]);
        try (NDManager manager = NDManager.newBaseManager()) {
            Block block = nb.build(arch);
            block.initialize(manager, DataType.FLOAT32, nb.inputShape(1));
            var store = new ParameterStore(manager, false);
            // warm up at the measured batch: code paths, thread pools and oneDNN's per-shape kernels (several MB of
            // generated code and caches) are set up outside the measurement, as in a model that serves requests
            try (NDManager warm = manager.newSubManager()) {
                forward(block, store, warm.randomUniform(0, 1, nb.inputShape(batch)), mode);
            }
            System.gc();
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = scope.randomUniform(0, 1, nb.inputShape(batch));
                x.toFloatArray(); // materialized and resident
                long before = status("VmRSS");
                Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
                NDArray y = forward(block, store, x, mode);
                y.toFloatArray();
                long peak = status("VmHWM");
                System.out.println("PROBE " + before + " " + Math.max(peak, before));
            }
        }
    }

    private static NDArray forward(Block block, ParameterStore store, NDArray x, Mode mode) {
        if (mode == Mode.DJL) {
            return block.forward(store, new NDList(x), false).singletonOrThrow();
        }
        return freeing(block, store, x);
    }

    /** Forward that closes every activation after its last use (the caller keeps {@code x}). */
    private static NDArray freeing(Block block, ParameterStore store, NDArray x) {
        if (block instanceof SequentialBlock) {
            NDArray current = x;
            for (Pair<String, Block> child : block.getChildren()) {
                NDArray next = freeing(child.getValue(), store, current);
                if (current != x && next != current) {
                    current.close();
                }
                current = next;
            }
            return current;
        }
        if (block instanceof ParallelBlock) {
            var outs = new ArrayList<NDList>();
            for (Pair<String, Block> child : block.getChildren()) {
                outs.add(new NDList(freeing(child.getValue(), store, x)));
            }
            NDArray combined = combiner((ParallelBlock) block).apply(outs).singletonOrThrow();
            for (NDList o : outs) {
                if (o.get(0) != x) {
                    o.get(0).close();
                }
            }
            return combined;
        }
        return block.forward(store, new NDList(x), false).singletonOrThrow();
    }

    @SuppressWarnings("unchecked")
    private static Function<List<NDList>, NDList> combiner(ParallelBlock block) {
        try {
            Field f = ParallelBlock.class.getDeclaredField("function");
            f.setAccessible(true);
            return (Function<List<NDList>, NDList>) f.get(block);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the combining function of a ParallelBlock: " + e, e);
        }
    }

    private static long status(String key) {
        long kb = ProcStatus.kb(key);
        if (kb < 0) {
            throw new IllegalStateException(key + " not found in /proc/self/status");
        }
        return kb * 1024;
    }
}
