package org.jnas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jnas.eval.Evaluator;
import org.jnas.eval.benchmark.NasBench201;

/**
 * The evaluators a search spec can name in {@code "evaluator": {"kind": ...}}. Each kind turns its JSON object into
 * an {@link Evaluator}, failing with an {@link IllegalArgumentException} that names the bad field. Add a kind with
 * one {@link #register} line (for example {@code "train"} for DJL training).
 */
public final class EvaluatorKinds {
    private static final Map<String, Function<JsonNode, Evaluator>> KINDS = new ConcurrentHashMap<>();

    static {
        register("nasbench201", EvaluatorKinds::nasBench201);
    }

    private EvaluatorKinds() {
    }

    public static void register(String kind, Function<JsonNode, Evaluator> factory) {
        KINDS.put(kind, factory);
    }

    public static List<String> kinds() {
        return KINDS.keySet().stream().sorted().toList();
    }

    static Evaluator create(String kind, JsonNode spec) {
        var factory = KINDS.get(kind);
        if (factory == null) {
            throw new SpecException("$.evaluator.kind", "unknown evaluator kind '" + kind + "'; known: " + kinds());
        }
        try {
            return factory.apply(spec);
        } catch (SpecException e) {
            throw e;
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
}
