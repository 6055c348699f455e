package org.jnas.spark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.jnas.eval.Evaluator;
import org.jnas.eval.EvaluatorRecipe;
import org.jnas.run.TrialExecutor;
import org.jnas.run.TrialRunnerException;
import org.jnas.run.TrialTask;
import org.jnas.space.Spaces;
import org.jnas.strategy.Trial;

/**
 * Runs a search's trials as Apache Spark tasks: one Spark job of one task per trial, as many in flight as the
 * executor has {@link #slots()}. The search's ask/tell loop and journal stay in this JVM (the driver); each task
 * receives the evaluator's {@link Evaluator#shippable() recipe}, the space, the sample, fidelity and seed, rebuilds the
 * evaluator on the executor (reading the data there, from the same path) and sends the metrics back.
 *
 * <pre>{@code
 * try (var cluster = SparkTrials.connect("spark://host:7077")) {     // or SparkTrials.local(2)
 *     SearchResult r = Search.of(space).strategy(...).evaluator(eval).budget(...).seed(42)
 *             .executor(cluster).run();
 * }
 * }</pre>
 *
 * <h2>What it guarantees</h2>
 * <ul>
 *   <li>Same seed, same trials, same result as a local run with as many threads as this has slots (the search
 *       tells results in trial order), also when an executor is lost: Spark re-runs a lost task on another
 *       executor, up to {@code spark.task.maxFailures} times (4 on a cluster), then the search stops with a
 *       {@link TrialRunnerException}.</li>
 *   <li>An unreachable master fails in {@link Builder#start()} with the address and what to check; a cluster
 *       whose executors lack the native PyTorch library or the data fails on the first trial with the executor,
 *       the path and the fix, instead of recording every trial as failed.</li>
 *   <li>A search that is interrupted (a notebook's stop button) cancels its Spark jobs; their tasks are
 *       interrupted.</li>
 *   <li>GPUs: {@link Builder#gpusPerTrial} asks Spark's resource scheduling for that many GPUs per task
 *       ({@code spark.task.resource.gpu.amount}); the trial trains on the GPU ids Spark assigned.</li>
 * </ul>
 * Executors run trials with {@link Builder#threadsPerTrial} CPU threads ({@code spark.task.cpus}, and
 * {@code OMP_NUM_THREADS} for libtorch). A local run matches a cluster run exactly only at the same thread count.
 */
public final class SparkTrials implements TrialExecutor {
    /** What Spark's own launcher adds on Java 17; executors need it to start Spark's networking. */
    static final String ADD_OPENS = String.join(" ", java.util.Arrays.stream(JavaOpens.PACKAGES)
            .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList());

    private final JavaSparkContext spark;
    private final String master;
    private final int slots;
    private final int maxFailures;
    private final String group = "jnas-" + UUID.randomUUID();
    private final ExecutorService waiters;
    private final Map<Evaluator, String> recipeKeys = new java.util.IdentityHashMap<>();
    private final Map<Object, String> spaceJson = new java.util.IdentityHashMap<>();

    private SparkTrials(JavaSparkContext spark, String master, int slots, int maxFailures) {
        this.spark = spark;
        this.master = master;
        this.slots = slots;
        this.maxFailures = maxFailures;
        AtomicInteger n = new AtomicInteger();
        this.waiters = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jnas-spark-trial-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects to a running cluster with the default options: {@code SparkTrials.builder(master).start()}. */
    public static SparkTrials connect(String master) {
        return builder(master).start();
    }

    /** A Spark session inside this JVM with {@code slots} task threads ({@code local[slots]}): no cluster needed. */
    public static SparkTrials local(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("local Spark needs at least 1 slot, got " + slots);
        }
        return builder("local[" + slots + "]").start();
    }

    /**
     * Options for a connection to {@code master}: {@code spark://host:7077} (standalone; several masters separated
     * by commas), {@code local[N]}, {@code yarn} or {@code k8s://https://host:port}.
     */
    public static Builder builder(String master) {
        return new Builder(master);
    }

    /** The SparkContext, for what this class does not cover (its web UI, status, your own jobs). */
    public JavaSparkContext sparkContext() {
        return spark;
    }

    /** The master this connected to. */
    public String master() {
        return master;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public String describe() {
        return "Spark " + master + " (" + slots + " slots)";
    }

    @Override
    public CompletableFuture<Trial> submit(TrialTask task) {
        RemoteTrial remote = new RemoteTrial(task.id(), recipeKey(task.evaluator()),
                task.evaluator().shippable().orElseThrow(), json(task.space()), task.candidate().sample().values(),
                task.candidate().fidelity(), task.seed());
        // job groups are per thread: set it on the submitting thread, so cancelling the group finds this job
        spark.setJobGroup(group, "jnas trial " + task.id(), true);
        Thread self = Thread.currentThread();
        ClassLoader before = self.getContextClassLoader();
        self.setContextClassLoader(SparkTrials.class.getClassLoader()); // as in start(): a notebook's loaders
        JavaFutureAction<List<String>> job;
        try {
            job = spark.parallelize(List.of(remote), 1).map(new RemoteTrial.Run()).collectAsync();
        } finally {
            self.setContextClassLoader(before);
        }
        var result = new CompletableFuture<Trial>() {
            @Override
            public boolean cancel(boolean interrupt) {
                job.cancel(true); // cancels the Spark job; the running task is interrupted
                return super.cancel(interrupt);
            }
        };
        waiters.execute(() -> {
            try {
                RemoteTrial.Answer a = RemoteTrial.decode(job.get().get(0));
                if (a.runnerError() != null) {
                    result.completeExceptionally(new TrialRunnerException("trial " + task.id() + " cannot run on"
                            + " the cluster " + master + ": " + a.runnerError()));
                } else if (a.evaluation() != null) {
                    result.complete(task.trialOf(a.evaluation()));
                } else {
                    result.complete(task.failed(a.error(), a.errorSeconds()));
                }
            } catch (ExecutionException e) {
                result.completeExceptionally(jobFailure(task.id(), e.getCause()));
            } catch (InterruptedException | java.util.concurrent.CancellationException e) {
                result.cancel(true);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** A Spark job that failed although the task catches evaluator errors: lost executors, missing classes. */
    private TrialRunnerException jobFailure(int id, Throwable cause) {
        String msg = String.valueOf(cause == null ? null : cause.getMessage());
        String hint;
        if (msg.contains("ClassNotFoundException") || msg.contains("NoClassDefFoundError")
                || msg.contains("SerializedLambda") || msg.contains("InvalidClassException")) {
            hint = " The executors cannot load jnas's classes: put spark/target/jnas-spark.jar and the jars of"
                    + " spark/target/lib into each worker's $SPARK_HOME/jars (same versions as the driver), or ship"
                    + " them with SparkTrials.builder(..).jars(..).";
        } else if (msg.contains("cancelled")) {
            hint = " The job was cancelled (the search was interrupted, or the SparkContext stopped).";
        } else {
            hint = " Spark gives up on a task after " + maxFailures + " failed attempts (spark.task.maxFailures):"
                    + " check the executors' logs (the master's web UI links them) for why they died, for example"
                    + " memory (spark.executor.memory).";
        }
        return new TrialRunnerException("trial " + id + " failed on the cluster " + master + ": "
                + firstLine(msg) + "." + hint, cause);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Checks once per evaluator that it can travel: it has a recipe, and the recipe serializes. */
    private synchronized String recipeKey(Evaluator evaluator) {
        String key = recipeKeys.get(evaluator);
        if (key != null) {
            return key;
        }
        EvaluatorRecipe recipe = evaluator.shippable().orElseThrow(() -> new IllegalArgumentException(
                "the evaluator " + evaluator.describe() + " cannot run on a cluster: it has no recipe to rebuild it"
                        + " there (Evaluator.shippable() is empty). A TrainingEvaluator has one when its data was"
                        + " read from files by Datasets (for example Datasets.fashionMnist()), not given as arrays;"
                        + " your own evaluator can implement shippable() (see EvaluatorRecipe)."));
        try (var out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(recipe);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException("the evaluator's recipe cannot be sent to executors: "
                    + e.getMessage() + " is not serializable (a NetworkBuilder.choiceNetwork lambda? declare it as a"
                    + " class that implements ChoiceNetwork and java.io.Serializable)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the evaluator's recipe cannot be serialized: " + e, e);
        }
        key = UUID.randomUUID().toString();
        recipeKeys.put(evaluator, key);
        return key;
    }

    private synchronized String json(org.jnas.space.SearchSpace space) {
        return spaceJson.computeIfAbsent(space, s -> Spaces.toJson(space));
    }

    /** Cancels this executor's jobs still running (every search using it). */
    public void cancelAll() {
        if (spark.statusTracker().getActiveJobIds().length > 0) {
            spark.cancelJobGroup(group);
        }
    }

    /** Cancels what still runs and stops the SparkContext (the cluster itself keeps running). */
    @Override
    public void close() {
        cancelAll();
        waiters.shutdownNow();
        spark.stop();
    }

    /** Options of a connection; {@link #start()} checks the master and waits for executors. */
    public static final class Builder {
        private final String master;
        private final Map<String, String> conf = new LinkedHashMap<>();
        private final List<Path> jars = new ArrayList<>();
        private int slots;
        private int threadsPerTrial = 1;
        private double gpusPerTrial;
        private int waitForExecutors = 1;
        private Duration executorTimeout = Duration.ofSeconds(90);
        private String appName = "jnas search";

        private Builder(String master) {
            if (master == null || master.isBlank()) {
                throw new IllegalArgumentException("give a Spark master, for example \"spark://host:7077\" or"
                        + " \"local[2]\"");
            }
            this.master = master.trim();
        }

        /**
         * Trials in flight at once; fixes the search's trajectory, so set it for reproducible runs. Default: what
         * the executors present at start can run at once, their cores divided by {@link #threadsPerTrial} (or their
         * GPUs by {@link #gpusPerTrial}, when fewer); {@code local[N]}: N.
         */
        public Builder slots(int slots) {
            if (slots < 1) {
                throw new IllegalArgumentException("slots must be at least 1, got " + slots);
            }
            this.slots = slots;
            return this;
        }

        /** CPU threads of one trial ({@code spark.task.cpus} and libtorch's threads). Default 1. */
        public Builder threadsPerTrial(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threadsPerTrial must be at least 1, got " + threads);
            }
            this.threadsPerTrial = threads;
            return this;
        }

        /**
         * GPUs per trial ({@code spark.task.resource.gpu.amount}; 1 gives one trial per GPU). The cluster must
         * offer GPUs: on standalone workers {@code spark.worker.resource.gpu.amount} and
         * {@code spark.worker.resource.gpu.discoveryScript} (Spark ships {@code getGpusResources.sh}); each executor
         * holds {@code ceil(gpus)} GPUs unless {@code spark.executor.resource.gpu.amount} is set with {@link #conf}.
         * DJL's CUDA build of libtorch must be on the executors' class path: an executor whose engine does not see
         * its task's GPU stops the search on the first trial, saying so. Scheduling and that refusal are tested on
         * a local cluster whose workers offer a stand-in GPU; training on a real GPU is untested here (no GPU).
         */
        public Builder gpusPerTrial(double gpus) {
            if (!(gpus >= 0)) {
                throw new IllegalArgumentException("gpusPerTrial must be >= 0, got " + gpus);
            }
            this.gpusPerTrial = gpus;
            return this;
        }

        /** Any Spark setting ({@code spark.executor.memory}, {@code spark.driver.host}, ...). */
        public Builder conf(String key, String value) {
            conf.put(key, value);
            return this;
        }

        /** Several Spark settings. */
        public Builder conf(Map<String, String> settings) {
            conf.putAll(settings);
            return this;
        }

        /** Jars to ship to executors ({@code spark.jars}) when their {@code $SPARK_HOME/jars} lacks jnas or DJL. */
        public Builder jars(Path... paths) {
            for (Path p : paths) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("jar to ship " + p + " does not exist; build it with"
                            + " mvn -pl spark -am package (spark/target/jnas-spark.jar, spark/target/lib/*.jar)");
                }
                jars.add(p.toAbsolutePath());
            }
            return this;
        }

        /** Executors to wait for before the search starts (default 1; 0 for YARN or Kubernetes that scale up). */
        public Builder waitForExecutors(int count, Duration timeout) {
            this.waitForExecutors = count;
            this.executorTimeout = timeout;
            return this;
        }

        public Builder appName(String name) {
            this.appName = name;
            return this;
        }

        /** Connects: fails fast when the master is unreachable, then waits for executors. */
        public SparkTrials start() {
            boolean local = master.startsWith("local");
            if (master.startsWith("spark://")) {
                checkReachable(master);
            }
            SparkConf c = new SparkConf().setMaster(master).setAppName(appName)
                    .set("spark.task.cpus", String.valueOf(threadsPerTrial))
                    .set("spark.executorEnv.DJL_OFFLINE", "true")
                    .set("spark.executorEnv.OPT_OUT_TRACKING", "true")
                    .set("spark.executorEnv.OMP_NUM_THREADS", String.valueOf(threadsPerTrial))
                    .set("spark.executor.extraJavaOptions", ADD_OPENS + " -Dai.djl.offline=true"
                            + " -Djava.awt.headless=true");
            if (gpusPerTrial > 0) {
                c.set("spark.task.resource.gpu.amount", String.valueOf(gpusPerTrial));
                // Spark schedules GPU tasks only on executors that hold GPUs; one trial's worth unless set otherwise
                c.set("spark.executor.resource.gpu.amount", String.valueOf((int) Math.ceil(gpusPerTrial)));
            }
            if (!jars.isEmpty()) {
                c.set("spark.jars", String.join(",", jars.stream().map(Path::toString).toList()));
            }
            conf.forEach(c::set);
            JavaOpens.ensure();
            if (System.getProperty("log4j2.configurationFile") == null) {
                // Spark logs every step at INFO until the context exists; a search needs its warnings only
                org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
            }
            JavaSparkContext sc;
            Thread self = Thread.currentThread();
            ClassLoader before = self.getContextClassLoader();
            // Spark loads its own classes by name through the context loader, and its threads inherit it: make it
            // the loader that holds Spark (a notebook adds Spark's jars in a loader of its own)
            self.setContextClassLoader(SparkTrials.class.getClassLoader());
            try {
                sc = new JavaSparkContext(c);
            } catch (IllegalAccessError e) {
                throw new TrialRunnerException("Spark cannot start in this JVM: it needs these Java options: "
                        + ADD_OPENS + " (for the notebook kernel: install a kernel with them, see the README's"
                        + " cluster section)", e);
            } catch (RuntimeException e) {
                throw new TrialRunnerException("cannot start Spark with master " + master + ": " + e.getMessage(), e);
            } finally {
                self.setContextClassLoader(before);
            }
            sc.setLogLevel("WARN");
            try {
                if (!local) {
                    awaitExecutors(sc);
                }
                int n = slots > 0 ? slots : local ? Math.max(1, sc.defaultParallelism() / threadsPerTrial)
                        : concurrentTasks(sc);
                int failures = c.getInt("spark.task.maxFailures", local ? 1 : 4);
                return new SparkTrials(sc, master, n, failures);
            } catch (RuntimeException e) {
                sc.stop();
                throw e;
            }
        }

        private void awaitExecutors(JavaSparkContext sc) {
            long deadline = System.nanoTime() + executorTimeout.toNanos();
            while (executors(sc) < waitForExecutors) {
                if (System.nanoTime() > deadline) {
                    throw new TrialRunnerException(String.format(Locale.ROOT, "the Spark master %s accepted"
                            + " jnas but %d of %d executors started within %d s: check on the master's web UI"
                            + " (port 8080) that workers are alive with free cores and memory for"
                            + " spark.executor.memory=%s and spark.task.cpus=%d, and that the workers can reach this"
                            + " driver (spark.driver.host)", master, executors(sc), waitForExecutors,
                            executorTimeout.toSeconds(), sc.getConf().get("spark.executor.memory", "1g"),
                            threadsPerTrial));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TrialRunnerException("interrupted while waiting for executors of " + master);
                }
            }
        }

        private static int executors(JavaSparkContext sc) {
            return sc.statusTracker().getExecutorInfos().length - 1; // the driver is listed too
        }

        /**
         * How many trials the cluster's executors run at once: their cores over {@code spark.task.cpus}, and their
         * GPUs over {@code spark.task.resource.gpu.amount} when trials take GPUs. Not {@code defaultParallelism},
         * which Spark never lets fall below 2: one 1-core worker then had 2 trials in flight, the second waiting for
         * the first's slot (and with a GPU, started before the first trial's failure could stop the search).
         * {@code maxNumConcurrentTasks} is Scala-package-private (public in the bytecode), Spark's own count for
         * barrier stages; pinned with Spark's version in spark/pom.xml.
         */
        private static int concurrentTasks(JavaSparkContext sc) {
            var profile = sc.sc().resourceProfileManager().defaultResourceProfile();
            return Math.max(1, sc.sc().maxNumConcurrentTasks(profile));
        }

        /** A TCP connect to each master before Spark retries for minutes: say what is wrong at once. */
        private static void checkReachable(String url) {
            for (String hostPort : url.substring("spark://".length()).split(",")) {
                int colon = hostPort.lastIndexOf(':');
                String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                int port;
                try {
                    port = colon < 0 ? 7077 : Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("the Spark master " + url + " has no valid port: write it as"
                            + " spark://host:7077");
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 3000);
                    return; // one live master of a list is enough
                } catch (IOException e) {
                    if (!url.contains(",")) {
                        throw new TrialRunnerException("cannot reach the Spark master at " + url + " (" + e.getMessage()
                                + "). Check that the master runs there (its log and web UI, port 8080, print its"
                                + " spark:// address), that host and port are right (7077 by default), and that"
                                + " no firewall blocks port " + port + " from this machine.");
                    }
                }
            }
            throw new TrialRunnerException("cannot reach any of the Spark masters " + url + ": check that one of"
                    + " them runs, the addresses, and the firewall");
        }
    }
}
