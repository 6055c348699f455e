package org.jnas.spark;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.resource.ResourceInformation;
import org.jnas.Jnas;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.eval.EvaluatorRecipe;
import org.jnas.space.SearchSpace;
import org.jnas.space.Sample;
import org.jnas.space.Spaces;
import org.jnas.util.Json;

/**
 * One trial as it travels to a Spark executor: the evaluator's recipe, the space as JSON, the sample, fidelity
 * and seed. On the executor it rebuilds the evaluator (once per executor JVM and recipe; the data is read there),
 * evaluates, and answers with a JSON text, so that only JDK types travel back (a notebook's driver loads jnas-spark
 * through its own class loader, which Spark's deserializer would not see).
 */
final class RemoteTrial implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Rebuilt evaluators of this executor JVM, by recipe key and GPUs: the data is read once per executor. */
    private static final Map<String, Evaluator> EVALUATORS = new ConcurrentHashMap<>();
    private static final Map<String, SearchSpace> SPACES = new ConcurrentHashMap<>();

    final int id;
    final String recipeKey;
    final EvaluatorRecipe recipe;
    final String spaceJson;
    final LinkedHashMap<String, Object> sample;
    final double fidelity;
    final long seed;

    RemoteTrial(int id, String recipeKey, EvaluatorRecipe recipe, String spaceJson, Map<String, Object> sample,
                double fidelity, long seed) {
        this.id = id;
        this.recipeKey = recipeKey;
        this.recipe = recipe;
        this.spaceJson = spaceJson;
        this.sample = new LinkedHashMap<>(sample);
        this.fidelity = fidelity;
        this.seed = seed;
    }

    /** The Spark function: a named class, not a lambda, so executors deserialize it without the driver's tricks. */
    static final class Run implements Function<RemoteTrial, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(RemoteTrial t) {
            return t.run();
        }
    }

    /**
     * Evaluates here. The answer's {@code kind}: {@code ok} (metrics), {@code failed} (the evaluator threw: a
     * failed trial, as in a local run) or {@code runner} (this executor cannot run trials at all: data or native
     * library missing; the search stops with the message).
     */
    String run() {
        long t0 = System.nanoTime();
        String where = where();
        Evaluator evaluator;
        int[] gpus = gpus();
        try {
            Jnas.init();
            Engine.getEngine("PyTorch"); // fails here, on the first trial, when the native libtorch is missing
        } catch (RuntimeException | LinkageError e) {
            return runner(where + " cannot start DJL's PyTorch engine (" + e + "). Every executor needs DJL and the"
                    + " native PyTorch library for its platform on its class path: put the jars of"
                    + " spark/target/lib into each worker's $SPARK_HOME/jars, or ship them with"
                    + " SparkTrials.builder(..).jars(..)");
        }
        int visible = Engine.getEngine("PyTorch").getGpuCount();
        for (int gpu : gpus) {
            if (gpu >= visible) {
                return runner(where + " was given GPU " + gpu + " by Spark (spark.task.resource.gpu.amount), but its"
                        + " DJL PyTorch engine sees " + visible + " GPU(s): the executor runs DJL's CPU build of"
                        + " libtorch, or CUDA cannot see that device. Put DJL's CUDA build (pytorch-native-cuXXX for"
                        + " PyTorch " + Engine.getEngine("PyTorch").getVersion() + ", see the README's GPU section) in"
                        + " each worker's $SPARK_HOME/jars instead of the CPU one, or run without gpusPerTrial");
            }
        }
        try {
            evaluator = EVALUATORS.computeIfAbsent(recipeKey + java.util.Arrays.toString(gpus),
                    k -> recipe.rebuild(gpus));
        } catch (RuntimeException | LinkageError e) {
            return runner(where + " cannot rebuild the evaluator " + recipe + ": " + e.getMessage()
                    + ". The data must be readable at the same path on every executor (install the Debian package"
                    + " or mount a shared folder there).");
        }
        try {
            SearchSpace space = SPACES.computeIfAbsent(spaceJson, Spaces::fromJson);
            Evaluation e = evaluator.evaluate(space.freeze(Sample.of(sample)), fidelity, seed);
            ObjectNode out = Json.COMPACT.createObjectNode();
            out.put("kind", "ok");
            out.set("metrics", Json.COMPACT.valueToTree(e.metrics()));
            out.put("costSeconds", e.costSeconds());
            out.set("curve", Json.COMPACT.valueToTree(e.curve()));
            out.put("executor", where);
            return out.toString();
        } catch (java.util.concurrent.CancellationException e) {
            throw e; // the task's thread was interrupted (Spark killing it): not a failed trial, as in Search.evaluate
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // what a local run records as a failed trial (Search.evaluate)
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            ObjectNode out = Json.COMPACT.createObjectNode();
            out.put("kind", "failed");
            out.put("error", why);
            out.put("costSeconds", (System.nanoTime() - t0) / 1e9);
            out.put("executor", where);
            return out.toString();
        } catch (LinkageError e) {
            return runner(where + " cannot load a class or native library while training: " + e);
        }
    }

    private static String runner(String message) {
        ObjectNode out = Json.COMPACT.createObjectNode();
        out.put("kind", "runner");
        out.put("error", message);
        return out.toString();
    }

    /** The GPU ids Spark gave this task ({@code spark.task.resource.gpu.amount}); empty on CPU executors. */
    private static int[] gpus() {
        TaskContext tc = TaskContext.get();
        if (tc == null) {
            return new int[0];
        }
        scala.Option<ResourceInformation> gpu = tc.resources().get("gpu");
        if (gpu.isEmpty()) {
            return new int[0];
        }
        return java.util.Arrays.stream(gpu.get().addresses()).mapToInt(Integer::parseInt).toArray();
    }

    private static String where() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "?";
        }
        SparkEnv env = SparkEnv.get();
        return "executor " + (env == null ? "?" : env.executorId()) + " on " + host;
    }

    /** Decodes an executor's answer (driver side). */
    static Answer decode(String json) {
        try {
            var node = Json.COMPACT.readTree(json);
            String kind = node.get("kind").asText();
            String executor = node.has("executor") ? node.get("executor").asText() : "?";
            return switch (kind) {
                case "ok" -> {
                    Map<String, Double> metrics = new LinkedHashMap<>();
                    node.get("metrics").fields().forEachRemaining(f -> metrics.put(f.getKey(),
                            f.getValue().isNumber() ? f.getValue().asDouble()
                                    : Double.parseDouble(f.getValue().asText()))); // NaN, Infinity travel as text
                    List<Double> curve = new java.util.ArrayList<>();
                    node.get("curve").forEach(v -> curve.add(v.asDouble()));
                    yield new Answer(new Evaluation(metrics, node.get("costSeconds").asDouble(), curve), null, 0,
                            null, executor);
                }
                case "failed" -> new Answer(null, node.get("error").asText(), node.get("costSeconds").asDouble(),
                        null, executor);
                default -> new Answer(null, null, 0, node.get("error").asText(), executor);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an executor answered what jnas cannot read: " + json, e);
        }
    }

    /** One of: an evaluation, an evaluator error (a failed trial), or a runner error (stop the search). */
    record Answer(Evaluation evaluation, String error, double errorSeconds, String runnerError, String executor) {
    }
}
