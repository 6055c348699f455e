package org.jnas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jnas.eval.Evaluator;
import org.jnas.eval.RepeatedEvaluator;
import org.jnas.eval.djl.TrainingEvaluator;
import org.jnas.run.Baseline;
import org.jnas.run.Budget;
import org.jnas.run.FinalEvaluation;
import org.jnas.run.Search;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.jnas.strategy.Constraint;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Strategy;
import org.jnas.util.Json;

/**
 * A search described in JSON, checked completely before anything is evaluated: every problem is reported as a
 * {@link SpecException} naming its field.
 *
 * <pre>{@code
 * {
 *   "space": "nasbench201",                      // or a space's JSON form (Spaces.toJson), or "darts"/"mobile"
 *   "strategy": {"name": "evolution", "options": {"population": 10, "sampleSize": 3}},
 *   "evaluator": {"kind": "nasbench201", "dataset": "cifar10"},  // or {"kind": "train", ...}: EvaluatorKinds.train
 *   "objectives": [{"maximize": "accuracy"}, {"minimize": "latency_ms_pixel3"}],
 *   "constraints": [{"metric": "latency_ms_pixel3", "atMost": 20}],
 *   "budget": {"trials": 100},                   // or {"seconds": 600} or {"costSeconds": 36000}
 *   "seed": 42, "workers": 1,
 *   "journal": "runs/evo",                       // folder; default: beside the spec, <name>.runs
 *   "baseline": "run",                           // or "none" or {"reference": 0.912, "source": "..."}
 *   "finalEvaluation": {"seeds": 3}              // or "sameWeights": how the report retrains the winner
 * }
 * }</pre>
 * With {@code "workers" > 1} and a training evaluator, the workers are pinned to its devices in turn (one trial per
 * device). An evaluator that cannot score the space (a custom cell space against the NAS-Bench-201 table) is refused
 * here, with its reason ({@link Evaluator#cannotEvaluate}).
 *
 * @param search  the configured search (no listeners yet)
 * @param journal the journal folder
 */
public record SearchSpec(Search search, Path journal) {
    // in the order the error messages list them (Set.of would shuffle it from run to run)
    private static final Set<String> FIELDS = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            java.util.List.of("space", "strategy", "evaluator", "objectives", "constraints", "budget", "seed",
                    "workers", "journal", "baseline", "finalEvaluation")));

    /** Reads and checks a spec file. */
    public static SearchSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new SpecException("(file)", "no spec file at " + file.toAbsolutePath() + " (a relative path is"
                    + " read from the folder you ran ./jnas in)");
        } catch (IOException e) {
            throw new SpecException("(file)", "cannot read " + file.toAbsolutePath() + ": " + e);
        }
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        Path base = file.toAbsolutePath().getParent();
        return parse(text, base.resolve(name + ".runs"), base);
    }

    /** Parses spec JSON; {@code defaultJournal} when it names none, relative journal paths resolve on {@code base}. */
    public static SearchSpec parse(String json, Path defaultJournal, Path base) {
        JsonNode root;
        try {
            root = Json.COMPACT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SpecException("$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SpecException("$", "a spec is a JSON object with fields " + FIELDS);
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new SpecException("$." + f, "unknown field; a spec has " + FIELDS);
            }
        });
        SearchSpace space = space(required(root, "space"));
        Strategy strategy = strategy(required(root, "strategy"));
        JsonNode ev = required(root, "evaluator");
        if (!ev.isObject() || !ev.hasNonNull("kind")) {
            throw new SpecException("$.evaluator", "give an object with a \"kind\", one of " + EvaluatorKinds.kinds());
        }
        Evaluator evaluator = EvaluatorKinds.create(ev.get("kind").asText(), ev);
        evaluator.cannotEvaluate(space).ifPresent(why -> {
            throw new SpecException("$.evaluator", "cannot evaluate space '" + space.name() + "': " + why);
        });
        List<Objective> objectives = objectives(root.get("objectives"));
        List<Constraint> constraints = constraints(root.get("constraints"));
        Budget budget = budget(required(root, "budget"));
        long seed = integer(root, "seed", 0);
        int workers = (int) integer(root, "workers", 1);
        if (workers < 1) {
            throw new SpecException("$.workers", "must be at least 1, got " + workers);
        }
        Path journal = root.hasNonNull("journal") ? base.resolve(root.get("journal").asText()) : defaultJournal;
        Search search = Search.of(space).strategy(strategy).evaluator(evaluator)
                .objectives(objectives.toArray(Objective[]::new)).constraints(constraints.toArray(Constraint[]::new))
                .budget(budget).seed(seed).workers(workers).baseline(baseline(root.get("baseline")))
                .journal(journal.resolve("journal.jsonl")).finalEvaluation(finalEvaluation(root.get("finalEvaluation")));
        Evaluator trained = evaluator instanceof RepeatedEvaluator r ? r.inner() : evaluator;
        if (workers > 1 && trained instanceof TrainingEvaluator t) {
            search.devices(t.devices()); // one trial per device, workers in turn
        }
        return new SearchSpec(search, journal);
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw new SpecException("$." + field, "missing; a spec needs space, strategy, evaluator and budget");
        }
        return n;
    }

    private static SearchSpace space(JsonNode n) {
        if (n.isTextual()) {
            return switch (n.asText()) {
                case "nasbench201" -> Spaces.nasBench201();
                case "darts" -> Spaces.darts();
                case "mobile" -> Spaces.mobile();
                default -> throw new SpecException("$.space", "unknown space name '" + n.asText()
                        + "'; use nasbench201, darts, mobile or a space's JSON form");
            };
        }
        try {
            return Spaces.fromJson(n.toString());
        } catch (RuntimeException e) {
            throw new SpecException("$.space", e.getMessage());
        }
    }

    private static Strategy strategy(JsonNode n) {
        String name;
        JsonNode options = null;
        if (n.isTextual()) {
            name = n.asText();
        } else if (n.isObject() && n.hasNonNull("name")) {
            name = n.get("name").asText();
            options = n.get("options");
            n.fieldNames().forEachRemaining(f -> {
                if (!f.equals("name") && !f.equals("options")) {
                    throw new SpecException("$.strategy." + f, "unknown field; a strategy has name and options");
                }
            });
        } else {
            throw new SpecException("$.strategy", "give a name or {\"name\": ..., \"options\": {...}}; names: "
                    + Strategies.names());
        }
        if (!Strategies.names().contains(name)) {
            throw new SpecException(n.isTextual() ? "$.strategy" : "$.strategy.name", "unknown strategy '" + name
                    + "'; known: " + Strategies.names());
        }
        try {
            return Strategies.named(name, options);
        } catch (IllegalArgumentException e) {
            throw new SpecException(options == null ? "$.strategy" : "$.strategy.options", e.getMessage());
        }
    }

    private static List<Objective> objectives(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of(Objective.maximize("accuracy"));
        }
        if (!n.isArray() || n.isEmpty()) {
            throw new SpecException("$.objectives", "give a non-empty list like [{\"maximize\": \"accuracy\"}]");
        }
        var out = new ArrayList<Objective>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode o = n.get(i);
            if (o.size() == 1 && o.hasNonNull("maximize")) {
                out.add(Objective.maximize(o.get("maximize").asText()));
            } else if (o.size() == 1 && o.hasNonNull("minimize")) {
                out.add(Objective.minimize(o.get("minimize").asText()));
            } else {
                throw new SpecException("$.objectives[" + i + "]", "write {\"maximize\": \"metric\"} or"
                        + " {\"minimize\": \"metric\"}, got " + o);
            }
        }
        return out;
    }

    private static List<Constraint> constraints(JsonNode n) {
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new SpecException("$.constraints", "give a list like [{\"metric\": \"latency_ms\", \"atMost\": 20}]");
        }
        var out = new ArrayList<Constraint>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode c = n.get(i);
            String at = "$.constraints[" + i + "]";
            if (!c.hasNonNull("metric") || c.hasNonNull("atMost") == c.hasNonNull("atLeast") || c.size() != 2) {
                throw new SpecException(at, "write {\"metric\": \"m\", \"atMost\": x} or {\"metric\": \"m\","
                        + " \"atLeast\": x}, got " + c);
            }
            JsonNode bound = c.hasNonNull("atMost") ? c.get("atMost") : c.get("atLeast");
            if (!bound.isNumber()) {
                throw new SpecException(at, "the bound must be a number, got " + bound);
            }
            out.add(c.hasNonNull("atMost") ? Constraint.atMost(c.get("metric").asText(), bound.asDouble())
                    : Constraint.atLeast(c.get("metric").asText(), bound.asDouble()));
        }
        return out;
    }

    private static Budget budget(JsonNode n) {
        if (!n.isObject() || n.size() != 1) {
            throw new SpecException("$.budget", "give exactly one of {\"trials\": N}, {\"seconds\": S},"
                    + " {\"costSeconds\": S}, got " + n);
        }
        String kind = n.fieldNames().next();
        JsonNode v = n.get(kind);
        if (!v.isNumber()) {
            throw new SpecException("$.budget." + kind, "must be a number, got " + v);
        }
        try {
            return switch (kind) {
                case "trials" -> {
                    if (!v.canConvertToInt() || v.asDouble() != v.asInt()) {
                        throw new IllegalArgumentException("must be a whole number, got " + v);
                    }
                    yield Budget.trials(v.asInt());
                }
                case "seconds" -> Budget.seconds(v.asDouble());
                case "costSeconds" -> Budget.costSeconds(v.asDouble());
                default -> throw new IllegalArgumentException("unknown budget kind; use trials, seconds or"
                        + " costSeconds");
            };
        } catch (IllegalArgumentException e) {
            throw new SpecException("$.budget." + kind, e.getMessage());
        }
    }

    private static Baseline baseline(JsonNode n) {
        if (n == null || n.isNull() || n.asText().equals("run")) {
            return Baseline.run();
        }
        if (n.asText().equals("none")) {
            return Baseline.none();
        }
        if (n.isObject() && n.has("reference") && n.get("reference").isNumber()) {
            return Baseline.reference(n.get("reference").asDouble(), n.path("source").asText("spec"));
        }
        throw new SpecException("$.baseline", "use \"run\", \"none\" or {\"reference\": 0.91, \"source\": \"...\"}");
    }

    private static FinalEvaluation finalEvaluation(JsonNode n) {
        if (n == null || n.isNull()) {
            return FinalEvaluation.seeds(FinalEvaluation.DEFAULT_SEEDS);
        }
        if (n.isTextual() && n.asText().equals("sameWeights")) {
            return FinalEvaluation.sameWeights();
        }
        if (n.isObject() && n.size() == 1 && n.has("seeds") && n.get("seeds").isIntegralNumber()) {
            try {
                return FinalEvaluation.seeds(n.get("seeds").asInt());
            } catch (IllegalArgumentException e) {
                throw new SpecException("$.finalEvaluation.seeds", e.getMessage());
            }
        }
        throw new SpecException("$.finalEvaluation", "use {\"seeds\": 3} (k >= 2 trainings of the winner) or"
                + " \"sameWeights\" (the winning trial's own training), got " + n);
    }

    private static long integer(JsonNode root, String field, long dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber()) {
            throw new SpecException("$." + field, "must be a whole number, got " + n);
        }
        return n.asLong();
    }
}
