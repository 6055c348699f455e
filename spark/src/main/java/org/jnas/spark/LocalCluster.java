package org.jnas.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on this machine, from the jars jnas-spark was built with: a Master and
 * {@code workers} Workers, each its own JVM on 127.0.0.1 (nothing listens beyond loopback); each Worker starts its
 * executors as further JVMs. For tests, benchmarks and trying a cluster from a notebook; {@link #close()} stops
 * them all.
 *
 * <pre>{@code
 * try (var cluster = LocalCluster.start(2, 1);                        // 2 workers of 1 core
 *      var trials = cluster.connect().slots(2).start()) {
 *     Search.of(space)...executor(trials).run();
 * }
 * }</pre>
 *
 * The cluster's {@code SPARK_HOME} is a temporary folder whose {@code jars/} links every jar of
 * {@code spark/target/lib} plus {@code spark/target/jnas-spark.jar} (build them with
 * {@code mvn -pl spark -am package}), so executors load jnas, DJL and libtorch from there, as a real installation
 * whose {@code $SPARK_HOME/jars} holds them would.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path home;
    private final Process master;
    private final List<Process> workers;
    private final String url;
    private final int gpusPerWorker;

    private LocalCluster(Path home, Process master, List<Process> workers, String url, int gpusPerWorker) {
        this.home = home;
        this.master = master;
        this.workers = workers;
        this.url = url;
        this.gpusPerWorker = gpusPerWorker;
    }

    /** Starts a master and {@code workers} workers of {@code coresPerWorker} cores and 1500 MB each. */
    public static LocalCluster start(int workers, int coresPerWorker) {
        return start(workers, coresPerWorker, 1500);
    }

    /** Starts a master and {@code workers} workers; returns when all workers have registered. */
    public static LocalCluster start(int workers, int coresPerWorker, int memoryMbPerWorker) {
        return start(workers, coresPerWorker, memoryMbPerWorker, 0, null);
    }

    /**
     * Starts a master and {@code workers} workers that each offer {@code gpusPerWorker} GPUs to Spark's resource
     * scheduling ({@code spark.worker.resource.gpu.*}), found by {@code gpuDiscoveryScript}: Spark ships
     * {@code getGpusResources.sh} (nvidia-smi) in its examples, or write a script that prints
     * {@code {"name": "gpu", "addresses": ["0", "1"]}}. {@link #connect()} then asks for the GPUs of each executor;
     * give trials their GPUs with {@code .gpusPerTrial(1)}.
     */
    public static LocalCluster start(int workers, int coresPerWorker, int memoryMbPerWorker, int gpusPerWorker,
                                     Path gpuDiscoveryScript) {
        if (gpusPerWorker < 0 || (gpusPerWorker > 0 && (gpuDiscoveryScript == null
                || !Files.isExecutable(gpuDiscoveryScript)))) {
            throw new IllegalArgumentException("GPUs per worker must be >= 0, and GPUs need an executable discovery"
                    + " script (Spark's getGpusResources.sh, or one printing {\"name\": \"gpu\", \"addresses\":"
                    + " [\"0\"]}); got " + gpusPerWorker + " GPUs and script " + gpuDiscoveryScript);
        }
        if (workers < 1 || coresPerWorker < 1) {
            throw new IllegalArgumentException("a local cluster needs at least 1 worker with 1 core, got " + workers
                    + " workers of " + coresPerWorker + " cores");
        }
        Path home;
        try {
            home = Files.createTempDirectory("jnas-spark-home");
            Path jars = Files.createDirectories(home.resolve("jars"));
            for (Path jar : clusterJars()) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a SPARK_HOME for the local cluster: " + e.getMessage(), e);
        }
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        Process m = launch(home, "master", List.of(), List.of("org.apache.spark.deploy.master.Master", "--host",
                "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
        List<Process> ws = new ArrayList<>();
        LocalCluster cluster = new LocalCluster(home, m, ws, url, gpusPerWorker);
        // a Worker reads spark.* system properties as its configuration
        List<String> workerGpus = gpusPerWorker == 0 ? List.of() : List.of(
                "-Dspark.worker.resource.gpu.amount=" + gpusPerWorker,
                "-Dspark.worker.resource.gpu.discoveryScript=" + gpuDiscoveryScript.toAbsolutePath());
        try {
            waitForPort(port, m, home.resolve("master.log"));
            for (int i = 0; i < workers; i++) {
                ws.add(launch(home, "worker-" + i, workerGpus, List.of("org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", String.valueOf(coresPerWorker), "--memory", memoryMbPerWorker + "m",
                        "--work-dir", home.resolve("work-" + i).toString(), "--webui-port", "0", url)));
            }
            waitForWorkers(cluster, workers);
            // a JVM that ends without close() (a notebook kernel shut down) must not leave the cluster running
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopProcesses, "jnas-local-cluster-stop"));
            return cluster;
        } catch (RuntimeException e) {
            cluster.stopProcesses(); // the logs stay, for the message's path
            throw e;
        }
    }

    /** The master's address: {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return url;
    }

    /**
     * A connection to this cluster, with the driver on loopback too (and, on a cluster with GPUs, each executor
     * holding its worker's GPUs); set slots and options, then start().
     */
    public SparkTrials.Builder connect() {
        var b = SparkTrials.builder(url).conf(Map.of("spark.driver.host", "127.0.0.1",
                "spark.driver.bindAddress", "127.0.0.1", "spark.ui.enabled", "false",
                "spark.executor.memory", "1g"));
        if (gpusPerWorker > 0) {
            b.conf("spark.executor.resource.gpu.amount", String.valueOf(gpusPerWorker));
        }
        return b;
    }

    /** The executor JVMs the workers run now (children of the worker processes). */
    public List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::descendants)
                .filter(p -> p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /**
     * Kills the executor JVM whose Spark executor id is {@code executorId} (as in {@code TaskInfo.executorId()}) at
     * once (SIGKILL), as a crashed machine would lose it; its worker reports the loss and the master starts a
     * replacement. Returns the killed process id.
     */
    public long killExecutor(String executorId) {
        List<String> flag = List.of("--executor-id", executorId);
        List<ProcessHandle> running = executors();
        ProcessHandle victim = running.stream()
                .filter(p -> Collections.indexOfSubList(List.of(p.info().arguments().orElse(new String[0])), flag) >= 0)
                .findFirst().orElseThrow(() -> new IllegalStateException("no executor with id " + executorId
                        + " runs on the local cluster " + url + " right now (running: " + running.stream()
                        .map(p -> p.info().commandLine().orElse("?")).toList() + ")"));
        victim.destroyForcibly();
        return victim.pid();
    }

    /** The folder holding the cluster's logs ({@code master.log}, {@code worker-N.log}, {@code work-N/}). */
    public Path home() {
        return home;
    }

    @Override
    public void close() {
        stopProcesses();
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temp folder left behind is harmless
        }
    }

    private void stopProcesses() {
        for (Process w : workers) {
            stop(w);
        }
        stop(master);
    }

    private static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Process launch(Path home, String name, List<String> jvmOptions, List<String> main) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of(SparkTrials.ADD_OPENS.split(" ")));
        cmd.addAll(List.of("-cp", home.resolve("jars") + "/*"));
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Spark " + name + ": " + e.getMessage(), e);
        }
    }

    /** spark/target/lib/*.jar and spark/target/jnas-spark.jar of this checkout. */
    static List<Path> clusterJars() {
        Path dir = sparkModuleDir();
        Path lib = dir.resolve("target/lib");
        Path own = dir.resolve("target/jnas-spark.jar");
        if (!Files.isDirectory(lib) || !Files.isRegularFile(own)) {
            throw new IllegalStateException("the local cluster runs from " + lib + " and " + own + ", which are not"
                    + " built: run mvn -B -DskipTests -pl spark -am package at the repository root");
        }
        try (Stream<Path> s = Files.list(lib)) {
            List<Path> jars = new ArrayList<>(s.filter(p -> p.toString().endsWith(".jar")).map(Path::toAbsolutePath)
                    .toList());
            jars.add(own.toAbsolutePath());
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The spark module's folder: {@code -Djnas.spark.dir}; else the folder above {@code target/jnas-spark.jar} when
     * this class was loaded from it (a notebook's {@code %jars}); else {@code spark/} or {@code ../spark/} from the
     * working directory.
     */
    static Path sparkModuleDir() {
        String prop = System.getProperty("jnas.spark.dir");
        if (prop != null) {
            return Path.of(prop);
        }
        try {
            Path own = Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (own.getFileName().toString().equals("jnas-spark.jar") && own.getParent() != null
                    && own.getParent().getParent() != null) {
                return own.getParent().getParent().toAbsolutePath();
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        Path here = Path.of("spark").toAbsolutePath();
        return Files.isDirectory(here) ? here : Path.of("../spark").toAbsolutePath().normalize();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitForPort(int port, Process p, Path log) {
        long deadline = System.nanoTime() + 180_000_000_000L; // generous: a shared machine starts JVMs slowly
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the Spark master exited at start; its log: " + log);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                sleep(200);
            }
        }
        throw new IllegalStateException("the Spark master did not listen on port " + port + " within 180 s; its log: "
                + log);
    }

    /** Workers log "Successfully registered with master" once the master knows them. */
    private static void waitForWorkers(LocalCluster c, int n) {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            int registered = 0;
            for (int i = 0; i < n; i++) {
                if (!c.workers.get(i).isAlive()) {
                    throw new IllegalStateException("Spark worker " + i + " exited at start; its log: "
                            + c.home.resolve("worker-" + i + ".log"));
                }
                try {
                    if (Files.readString(c.home.resolve("worker-" + i + ".log")).contains("Successfully registered")) {
                        registered++;
                    }
                } catch (IOException e) {
                    // not written yet
                }
            }
            if (registered == n) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("Spark workers did not register with " + c.url + " within 300 s (a busy"
                + " machine?); the end of worker-0.log: " + tail(c.home.resolve("worker-0.log")) + " (all logs in "
                + c.home + ")");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the local Spark cluster");
        }
    }
}
