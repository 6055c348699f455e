package org.jnas.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.jnas.data.DataSource;
import org.jnas.data.DataSplits;
import org.jnas.data.Datasets;
import org.jnas.data.FashionMnist;
import org.jnas.eval.Evaluator;
import org.jnas.util.Registry;
import org.jnas.eval.Evaluators;
import org.jnas.eval.OptimizerSpec;
import org.jnas.eval.Recipe;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.eval.cost.Latency;
import org.jnas.eval.djl.Devices;
import org.jnas.eval.djl.NetworkBuilder;
import org.jnas.eval.djl.TrainingEvaluator;

/**
 * The evaluators a search spec can name in {@code "evaluator": {"kind": ...}}: {@code "nasbench201"} (the tabular
 * benchmark) and {@code "train"} (real DJL training, {@link #train}).
 *
 * <h2>Adding a kind (checklist)</h2>
 * <ol>
 *   <li>Write a factory {@code JsonNode -> Evaluator} and {@link #register} it under its name in the static block.</li>
 *   <li>Refuse unknown fields and bad values with a {@link SpecException} naming the JSON path
 *       ({@code $.evaluator.field}), before anything is trained or evaluated; check files exist.</li>
 *   <li>Have the evaluator answer {@link Evaluator#cannotEvaluate} so a spec with a space it cannot score is refused
 *       (the spec asks it right after building it).</li>
 *   <li>Document the fields in the factory's Javadoc and add an example under {@code examples/}.</li>
 * </ol>
 */
public final class EvaluatorKinds {
    private static final Registry<Function<JsonNode, Evaluator>> KINDS = new Registry<>("evaluator kind",
            "EvaluatorKinds.register(kind, json -> evaluator)", message -> new SpecException("$.evaluator.kind",
            message));

    static {
        register("nasbench201", EvaluatorKinds::nasBench201);
        register("train", EvaluatorKinds::train);
    }

    private EvaluatorKinds() {
    }

    public static void register(String kind, Function<JsonNode, Evaluator> factory) {
        KINDS.register(kind, factory);
    }

    public static List<String> kinds() {
        return KINDS.names();
    }

    static Evaluator create(String kind, JsonNode spec) {
        var factory = KINDS.get(kind); // an unknown kind names the known ones
        try {
            return factory.apply(spec);
        } catch (SpecException | ai.djl.engine.EngineException e) {
            throw e; // an engine failure is not the spec's fault
        } catch (RuntimeException e) {
            throw new SpecException("$.evaluator", e.getMessage());
        }
    }

    /** {@code {"kind": "nasbench201", "dataset": "cifar10|cifar100|imagenet16", "path": "optional/table.csv"}}. */
    private static Evaluator nasBench201(JsonNode spec) {
        for (var it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("kind", "dataset", "path").contains(f)) {
                throw new SpecException("$.evaluator." + f, "nasbench201 takes only dataset and path");
            }
        }
        NasBench201 bench = spec.hasNonNull("path") ? NasBench201.load(Path.of(spec.get("path").asText()))
                : NasBench201.load();
        if (spec.hasNonNull("dataset")) {
            try {
                bench = bench.dataset(NasBench201.Dataset.parse(spec.get("dataset").asText()));
            } catch (IllegalArgumentException e) {
                throw new SpecException("$.evaluator.dataset", e.getMessage());
            }
        }
        return bench;
    }

    private static final List<String> TRAIN_FIELDS = List.of("kind", "data", "network", "epochs", "fidelity",
            "batchSize", "optimizer", "schedule", "devices", "threads", "latency", "repeats");

    /**
     * Real training with DJL ({@link TrainingEvaluator}); every field but {@code kind} is optional:
     * <pre>{@code
     * {"kind": "train",
     *  "data": {"name": "fashion-mnist", "dir": "/usr/share/datasets/fashion-mnist",  // mnist, cifar10: dir required
     *           "validation": 10000, "splitSeed": 0, "trainLimit": 10000, "validationLimit": 2000},
     *  "network": {"channels": 16, "cellsPerStage": 1, "cells": 5},
     *  "epochs": 1, "fidelity": "epochs",            // or "data": what a fidelity below 1 cuts
     *  "batchSize": 64,
     *  "optimizer": {"name": "adam", "learningRate": 0.001, "weightDecay": 0},   // or sgd with "momentum"
     *  "schedule": "constant",                        // or "cosine"
     *  "devices": "cpu",                              // "gpu" (every GPU DJL sees), "gpu:1", or a list
     *  "threads": 0,                                  // CPU threads per trial (0: libtorch's default)
     *  "latency": true,                               // measure latency_ms of every trained network
     *  "repeats": 1}                                  // >= 2: k seeds per candidate, means and spread
     * }</pre>
     * With several devices and {@code "workers" > 1} the search pins its workers to the devices in turn: one trial
     * per device.
     */
    static Evaluator train(JsonNode spec) {
        for (var it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TRAIN_FIELDS.contains(f)) {
                throw new SpecException("$.evaluator." + f, "unknown field; train takes " + TRAIN_FIELDS.subList(1,
                        TRAIN_FIELDS.size()));
            }
        }
        var network = new NetworkBuilder();
        JsonNode net = spec.get("network");
        if (net != null) {
            object(net, "$.evaluator.network", List.of("channels", "cellsPerStage", "cells"));
            call("$.evaluator.network.channels", () -> network.channels(count(net, "channels", "$.evaluator.network",
                    network.channels())));
            if (net.has("cellsPerStage")) {
                call("$.evaluator.network.cellsPerStage", () -> network.cellsPerStage(count(net, "cellsPerStage",
                        "$.evaluator.network", 1)));
            }
            call("$.evaluator.network.cells", () -> network.cells(count(net, "cells", "$.evaluator.network",
                    network.cells())));
        }
        int epochs = count(spec, "epochs", "$.evaluator", 1);
        int batch = count(spec, "batchSize", "$.evaluator", 64);
        OptimizerSpec optimizer = optimizer(spec.get("optimizer"));
        Recipe.Schedule schedule = option(spec, "schedule", Recipe.Schedule.class, Recipe.Schedule.CONSTANT);
        TrainingEvaluator.FidelityMode fidelity = option(spec, "fidelity", TrainingEvaluator.FidelityMode.class,
                TrainingEvaluator.FidelityMode.EPOCHS);
        int threads = count(spec, "threads", "$.evaluator", 0);
        JsonNode lat = spec.get("latency");
        if (lat != null && !lat.isBoolean()) {
            throw new SpecException("$.evaluator.latency", "true or false, got " + lat);
        }
        int repeats = count(spec, "repeats", "$.evaluator", 1);
        Device[] devices = devices(spec.get("devices"));
        DataSplits data = data(spec.get("data")); // last: reading the images is the slowest check
        var b = Evaluators.train(data).network(network).recipe(new Recipe(epochs, batch, optimizer, schedule))
                .fidelity(fidelity).latency(lat == null || lat.asBoolean() ? Latency.defaults() : null)
                .threads(threads).devices(devices);
        TrainingEvaluator training = call("$.evaluator", b::build);
        return repeats > 1 ? Evaluators.repeats(training, repeats) : training;
    }

    private static DataSplits data(JsonNode n) {
        String at = "$.evaluator.data";
        if (n == null) {
            n = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        object(n, at, List.of("name", "dir", "validation", "splitSeed", "trainLimit", "validationLimit"));
        String name = n.path("name").asText("fashion-mnist");
        if (!List.of("fashion-mnist", "mnist", "cifar10").contains(name)) {
            throw new SpecException(at + ".name", "unknown data set '" + name + "'; use fashion-mnist, mnist or"
                    + " cifar10 (local files; nothing is downloaded)");
        }
        Path dir;
        if (n.hasNonNull("dir")) {
            dir = Path.of(n.get("dir").asText());
        } else if (name.equals("fashion-mnist")) {
            dir = FashionMnist.defaultDir();
        } else {
            throw new SpecException(at + ".dir", name + " needs \"dir\": the folder of its local files (see"
                    + " org.jnas.data.Datasets for the layout)");
        }
        if (!Files.isDirectory(dir)) {
            throw new SpecException(at + ".dir", "no folder " + dir.toAbsolutePath() + (name.equals("fashion-mnist")
                    ? "; install Debian's dataset-fashion-mnist or set JNAS_FASHION_MNIST" : ""));
        }
        int validation = count(n, "validation", at, Datasets.DEFAULT_VALIDATION);
        long splitSeed = n.has("splitSeed") ? whole(n.get("splitSeed"), at + ".splitSeed") : 0;
        int trainLimit = nonNegative(n, "trainLimit", at);
        int validationLimit = nonNegative(n, "validationLimit", at);
        var source = new DataSource(name, dir.toAbsolutePath().toString(), validation, splitSeed, trainLimit,
                validationLimit);
        return call(at, source::load);
    }

    private static OptimizerSpec optimizer(JsonNode n) {
        String at = "$.evaluator.optimizer";
        if (n == null) {
            return OptimizerSpec.adam(1e-3);
        }
        object(n, at, List.of("name", "learningRate", "momentum", "weightDecay"));
        String name = n.path("name").asText("adam");
        double lr = number(n, "learningRate", at, name.equals("sgd") ? 0.025 : 1e-3);
        double wd = number(n, "weightDecay", at, 0);
        return switch (name) {
            case "adam" -> {
                if (n.has("momentum")) {
                    throw new SpecException(at + ".momentum", "adam has no momentum; use \"name\": \"sgd\"");
                }
                yield call(at, () -> new OptimizerSpec.Adam(lr, wd));
            }
            case "sgd" -> call(at, () -> new OptimizerSpec.Sgd(lr, number(n, "momentum", at, 0.9), wd));
            default -> throw new SpecException(at + ".name", "unknown optimizer '" + name + "'; use adam or sgd");
        };
    }

    /** "cpu", "gpu" (all GPUs DJL sees), "gpu:N", or a list of those; absent: the CPU (a spec names GPUs explicitly). */
    static Device[] devices(JsonNode n) {
        String at = "$.evaluator.devices";
        if (n == null) {
            return Devices.cpu();
        }
        List<JsonNode> items = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(items::add);
        } else {
            items.add(n);
        }
        if (items.isEmpty()) {
            throw new SpecException(at, "give \"cpu\", \"gpu\", \"gpu:N\" or a list of them");
        }
        var out = new ArrayList<Device>();
        for (int i = 0; i < items.size(); i++) {
            String where = n.isArray() ? at + "[" + i + "]" : at;
            try {
                out.addAll(List.of(device(items.get(i).asText(""), items.get(i).toString())));
            } catch (IllegalArgumentException e) {
                throw new SpecException(where, e.getMessage());
            }
        }
        return out.toArray(Device[]::new);
    }

    /**
     * One device name: "cpu", "gpu" (every GPU DJL sees) or "gpu:N"; {@code shown} is the name as the user wrote it,
     * for the message. Shared by specs ({@code "devices"}) and {@code ./jnas bench train --device}.
     *
     * @throws IllegalArgumentException naming what is wrong and what to give instead
     */
    static Device[] device(String name, String shown) {
        String d = name.trim().toLowerCase(Locale.ROOT);
        if (d.equals("cpu")) {
            return new Device[] {Device.cpu()};
        }
        if (!d.equals("gpu") && !d.matches("gpu:\\d+")) {
            throw new IllegalArgumentException("unknown device " + shown + "; use \"cpu\", \"gpu\", \"gpu:N\"");
        }
        Device[] seen = Devices.visible();
        long gpus = java.util.Arrays.stream(seen).filter(Device::isGpu).count();
        if (gpus == 0) {
            throw new IllegalArgumentException("\"" + d + "\" but DJL sees no GPU (this build carries the CPU"
                    + " library); build with the CUDA profile (README, \"GPU\") or use \"cpu\"");
        }
        if (d.equals("gpu")) {
            return java.util.Arrays.stream(seen).filter(Device::isGpu).toArray(Device[]::new);
        }
        int id = Integer.parseInt(d.substring(4));
        if (id >= gpus) {
            throw new IllegalArgumentException("\"" + d + "\" but DJL sees " + gpus + " GPU(s), gpu:0 to gpu:"
                    + (gpus - 1));
        }
        return new Device[] {Device.gpu(id)};
    }

    private static void object(JsonNode n, String at, List<String> fields) {
        if (!n.isObject()) {
            throw new SpecException(at, "give an object with fields " + fields + ", got " + n);
        }
        n.fieldNames().forEachRemaining(f -> {
            if (!fields.contains(f)) {
                throw new SpecException(at + "." + f, "unknown field; it takes " + fields);
            }
        });
    }

    private static int count(JsonNode n, String field, String at, int dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        long x = whole(v, at + "." + field);
        if (x < (field.equals("threads") ? 0 : 1) || x > Integer.MAX_VALUE) {
            throw new SpecException(at + "." + field, "must be " + (field.equals("threads") ? ">= 0" : "at least 1")
                    + ", got " + v);
        }
        return (int) x;
    }

    private static int nonNegative(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null) {
            return 0;
        }
        long x = whole(v, at + "." + field);
        if (x < 0 || x > Integer.MAX_VALUE) {
            throw new SpecException(at + "." + field, "must be >= 0 (0: all), got " + v);
        }
        return (int) x;
    }

    private static long whole(JsonNode v, String at) {
        if (!v.isIntegralNumber()) {
            throw new SpecException(at, "must be a whole number, got " + v);
        }
        return v.asLong();
    }

    private static double number(JsonNode n, String field, String at, double dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            throw new SpecException(at + "." + field, "must be a number, got " + v);
        }
        return v.asDouble();
    }

    private static <E extends Enum<E>> E option(JsonNode n, String field, Class<E> type, E dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        var names = java.util.Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .toList();
        String s = v.asText("").toLowerCase(Locale.ROOT);
        if (!v.isTextual() || !names.contains(s)) {
            throw new SpecException("$.evaluator." + field, "use one of " + names + ", got " + v);
        }
        return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
    }

    /** Runs a builder call, turning its IllegalArgumentException into a SpecException at {@code at}. */
    private static <T> T call(String at, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (SpecException e) {
            throw e;
        } catch (ai.djl.engine.EngineException e) {
            throw e; // libtorch failed, not the spec: it keeps its own type and trace
        } catch (RuntimeException e) {
            throw new SpecException(at, e.getMessage());
        }
    }
}
