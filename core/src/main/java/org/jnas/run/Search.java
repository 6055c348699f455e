package org.jnas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jnas.eval.Evaluation;
import org.jnas.eval.Evaluator;
import org.jnas.notebook.Notebook;
import org.jnas.space.SearchSpace;
import org.jnas.space.Spaces;
import org.jnas.strategy.Candidate;
import org.jnas.strategy.Constraint;
import org.jnas.strategy.Objective;
import org.jnas.strategy.RandomSearch;
import org.jnas.strategy.SearchContext;
import org.jnas.strategy.Strategy;
import org.jnas.strategy.Trial;
import org.jnas.util.Json;

/**
 * A multi-trial search: a space, a strategy, an evaluator, objectives, a budget and a seed; optionally parallel
 * workers, a journal and listeners.
 *
 * <pre>{@code
 * SearchResult result = Search.of(Spaces.nasBench201())
 *         .strategy(Strategies.regularizedEvolution())
 *         .evaluator(NasBench201.load())
 *         .objectives(Objective.maximize("accuracy"))
 *         .budget(Budget.trials(100)).seed(42)
 *         .journal(Path.of("runs/evo.jsonl"))      // resumes when run again
 *         .listener(SearchListener.progressBar(System.out))
 *         .run();
 * System.out.println(result.report());
 * }</pre>
 *
 * <p>Reproducibility: the strategy draws from one {@code Random(seed)}; trial {@code i} is evaluated with seed
 * {@link #trialSeed}. Results are told to the strategy in trial order, and trial {@code i} is asked right after
 * trial {@code i - slots} is told (slots: {@link #workers} or the {@link #executor}'s), so a seed gives the same
 * trajectory for a given slot count wherever the trials run and whatever order they finish in; a slow trial holds
 * the next asks back meanwhile. The journal records, for each trial,
 * how many results the strategy had seen when it was asked, so a resumed search replays asks and tells in the
 * original order ({@link Journal#replay}) and continues exactly where it stopped. A search is a one-shot object:
 * build a new one (and a new strategy) for each run.
 */
public final class Search {
    /** If this many first trials all fail, the evaluator is broken rather than the architectures: stop. */
    static final int ALL_FAILED_LIMIT = 10;

    private final SearchSpace space;
    private Strategy strategy;
    private Evaluator evaluator;
    private List<Objective> objectives = List.of(Objective.maximize("accuracy"));
    private List<Constraint> constraints = List.of();
    private Budget budget;
    private long seed;
    private int workers = 1;
    private TrialExecutor executor;
    private ai.djl.Device[] devices = new ai.djl.Device[0];
    private Path journal;
    private Baseline baseline = Baseline.run();
    private FinalEvaluation finalEvaluation = new FinalEvaluation(FinalEvaluation.DEFAULT_SEEDS);
    private final List<SearchListener> listeners = new ArrayList<>();
    private boolean used;

    private Search(SearchSpace space) {
        this.space = space;
    }

    /** Starts describing a search over {@code space}. */
    public static Search of(SearchSpace space) {
        if (space == null) {
            throw new IllegalArgumentException("Search.of needs a search space, e.g. Spaces.nasBench201()");
        }
        return new Search(space);
    }

    public Search strategy(Strategy strategy) {
        this.strategy = strategy;
        return this;
    }

    public Search evaluator(Evaluator evaluator) {
        this.evaluator = evaluator;
        return this;
    }

    /** What to optimize; the first is primary. Default: maximize accuracy. */
    public Search objectives(Objective... objectives) {
        if (objectives.length == 0) {
            throw new IllegalArgumentException("give at least one objective, e.g. Objective.maximize(\"accuracy\")");
        }
        this.objectives = List.of(objectives);
        return this;
    }

    public Search constraints(Constraint... constraints) {
        this.constraints = List.of(constraints);
        return this;
    }

    public Search budget(Budget budget) {
        this.budget = budget;
        return this;
    }

    public Search seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Trials evaluated in parallel (threads); 1 (default) makes results identical for a seed. */
    public Search workers(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        return this;
    }

    /**
     * One trial per device: worker {@code i} is pinned to {@code devices[i % n]} and a training evaluator on it
     * trains there alone (for example {@code .workers(2).devices(Device.gpu(0), Device.gpu(1))}). Without it, each
     * trial uses its evaluator's own devices. Only for local workers (not with {@link #executor}).
     */
    public Search devices(ai.djl.Device... devices) {
        if (devices.length == 0) {
            throw new IllegalArgumentException("give at least one device, e.g. Device.gpu(0), or leave devices out");
        }
        this.devices = devices.clone();
        return this;
    }

    /**
     * Where trials run: by default {@link #workers} local threads; a cluster with, for example,
     * {@code SparkTrials.connect("spark://host:7077")} (module jnas-spark). Its {@link TrialExecutor#slots() slots}
     * replace {@link #workers}. The search does not close it, so one executor can serve several searches.
     */
    public Search executor(TrialExecutor executor) {
        if (executor == null) {
            throw new IllegalArgumentException("executor is null; leave it out for local threads");
        }
        this.executor = executor;
        return this;
    }

    /** Journal file (JSON lines): every finished trial is saved there, and an existing journal is resumed. */
    public Search journal(Path journal) {
        this.journal = journal;
        return this;
    }

    /**
     * How the report gets its random-search baseline; default {@link Baseline#run()}: same evaluator, same cost
     * never more, its own random stream (see {@link RandomBaseline}).
     */
    public Search baseline(Baseline baseline) {
        if (baseline == null) {
            throw new IllegalArgumentException("baseline must be Baseline.run(), Baseline.none() or"
                    + " Baseline.reference(value, source)");
        }
        this.baseline = baseline;
        return this;
    }

    /**
     * How the report measures the chosen architecture and the baseline's pick on the test split; default
     * {@code FinalEvaluation.seeds(3)}: 3 trainings each, mean and 95% interval, a Welch test between the two,
     * and the noise floor. {@link FinalEvaluation#sameWeights()} trains once with the chosen trial's own seed.
     */
    public Search finalEvaluation(FinalEvaluation finalEvaluation) {
        if (finalEvaluation == null) {
            throw new IllegalArgumentException("finalEvaluation must be FinalEvaluation.seeds(k) or"
                    + " FinalEvaluation.sameWeights()");
        }
        this.finalEvaluation = finalEvaluation;
        return this;
    }

    public Search listener(SearchListener listener) {
        this.listeners.add(listener);
        return this;
    }

    public SearchSpace space() {
        return space;
    }

    public long seed() {
        return seed;
    }

    public Budget budget() {
        return budget;
    }

    public List<Objective> objectives() {
        return List.copyOf(objectives);
    }

    public FinalEvaluation finalEvaluation() {
        return finalEvaluation;
    }

    /** A short name of the strategy, for progress displays: {@code "RegularizedEvolution"}. */
    public String strategyName() {
        return strategy.getClass().getSimpleName();
    }

    /** The evaluation seed of trial {@code id} of a search with seed {@code seed} (SplitMix64 of both). */
    public static long trialSeed(long seed, int id) {
        long z = seed * 0x9E3779B97F4A7C15L + id + 1;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The journal header: what must match for a journal to be resumed by this search. */
    ObjectNode header() {
        ObjectNode h = Json.COMPACT.createObjectNode();
        h.put("version", 1);
        try {
            h.set("space", Json.COMPACT.readTree(Spaces.toJson(space)));
        } catch (JsonProcessingException | RuntimeException e) {
            h.put("space", space.name() + " " + space.choices());
        }
        h.put("strategy", strategy.describe());
        h.put("evaluator", evaluator.describe());
        h.put("seed", seed);
        h.set("objectives", Json.COMPACT.valueToTree(objectives));
        h.set("constraints", Json.COMPACT.valueToTree(constraints));
        return h;
    }

    private void check() {
        var missing = new ArrayList<String>();
        if (strategy == null) {
            missing.add("strategy (e.g. Strategies.regularizedEvolution())");
        }
        if (evaluator == null) {
            missing.add("evaluator (e.g. NasBench201.load())");
        }
        if (budget == null) {
            missing.add("budget (e.g. Budget.trials(100))");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the search is missing: " + String.join(", ", missing));
        }
        // a whole space out of the evaluator's reach would fail every trial: refuse it before the first one
        evaluator.cannotEvaluate(space).ifPresent(why -> {
            throw new IllegalArgumentException("cannot search space '" + space.name() + "' with "
                    + evaluator.describe() + ": " + why);
        });
        if (devices.length > 0 && executor != null) {
            throw new IllegalStateException("devices(...) pins local workers; a given executor places trials itself."
                    + " Leave one of them out");
        }
        if (used) {
            throw new IllegalStateException("this Search already ran; build a new one (with a new strategy) per run");
        }
        // training choices the evaluator cannot honour fail here, before any training, not at some trial
        if (space instanceof org.jnas.space.TunedSpace tuned
                && evaluator instanceof org.jnas.eval.djl.TrainingEvaluator training) {
            training.check(tuned.hyperparameters());
        }
        used = true;
    }

    private record Pending(int id, Candidate candidate, int toldBefore) {
    }

    private record InFlight(Pending pending, CompletableFuture<Trial> result) {
    }

    /**
     * Runs (or resumes) the search until the budget is spent or the strategy finishes; an interrupt of the calling
     * thread ends it early, keeping the trials finished so far (the result says so, and the interrupt flag stays
     * set). Then runs the random baseline unless interrupted.
     */
    public SearchResult run() {
        check();
        var context = new SearchContext(space, objectives, constraints, new Random(seed));
        strategy.start(context);
        List<Trial> trials = new ArrayList<>();
        Deque<Pending> pending = new ArrayDeque<>();
        int nextId = 0;
        int told = 0;
        Journal j = journal == null ? null : Journal.open(journal, header());
        boolean interrupted = false;
        long t0 = System.nanoTime();
        TrialExecutor runner = executor != null ? executor : devices.length > 0
                ? TrialExecutor.localThreads(workers, devices) : TrialExecutor.localThreads(workers);
        int slots = runner.slots();
        // asked but not yet told, by trial id; the first is told next (see the class comment on reproducibility)
        TreeMap<Integer, InFlight> outstanding = new TreeMap<>();
        try {
            if (j != null && !j.recorded().isEmpty()) {
                Journal.Replay replay = j.replay(strategy);
                trials.addAll(replay.told());
                replay.unanswered().forEach(a -> pending.add(new Pending(a.id(), a.candidate(), a.toldBefore())));
                nextId = replay.nextId();
                told = replay.told().size();
            }
            int replayed = trials.size();
            if (Notebook.isActive() && listeners.stream().noneMatch(l -> l instanceof NotebookProgress)) {
                listeners.add(new NotebookProgress()); // a live display in notebooks, without asking
            }
            var start = new SearchStart(strategyName(), space.name(), budget, objectives, replayed, toString());
            for (SearchListener l : listeners) {
                l.onStart(start);
            }
            double cost = trials.stream().mapToDouble(Trial::costSeconds).sum();
            int failed = (int) trials.stream().filter(t -> !t.ok()).count();
            while (true) {
                while (outstanding.size() < slots && !Thread.currentThread().isInterrupted()) {
                    Pending p = pending.poll();
                    if (p == null) {
                        if (!budget.allows(nextId, cost, seconds(t0))) {
                            break;
                        }
                        List<Candidate> asked = strategy.ask(1);
                        if (asked.isEmpty()) {
                            break;
                        }
                        p = new Pending(nextId++, asked.get(0), told);
                    }
                    Pending task = p;
                    outstanding.put(task.id(), new InFlight(task, runner.submit(new TrialTask(task.id(),
                            task.candidate(), trialSeed(seed, task.id()), space, evaluator,
                            () -> evaluate(task.id(), task.candidate())))));
                    for (SearchListener l : listeners) {
                        l.onTrialStart(task.id(), task.candidate());
                    }
                }
                if (outstanding.isEmpty() || Thread.currentThread().isInterrupted()) {
                    interrupted = Thread.currentThread().isInterrupted();
                    break;
                }
                InFlight d = outstanding.firstEntry().getValue();
                Trial trial;
                try {
                    trial = d.result().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof java.util.concurrent.CancellationException) {
                        interrupted = true; // a trial's thread was interrupted from elsewhere: stop as for ours
                        break;
                    }
                    if (e.getCause() instanceof TrialRunnerException stop) {
                        throw stop; // its message says what to fix where the trials run
                    }
                    throw new IllegalStateException("trial runner crashed: " + e.getCause(), e.getCause());
                }
                outstanding.pollFirstEntry();
                if (trial.ok()) {
                    requireMetrics(trial);
                }
                if (j != null) {
                    j.append(new Journal.Entry(d.pending().toldBefore(), trial));
                }
                trials.add(trial);
                strategy.tell(trial);
                told++;
                cost += trial.costSeconds();
                failed += trial.ok() ? 0 : 1;
                if (failed == trials.size() && failed >= ALL_FAILED_LIMIT) {
                    throw new IllegalStateException("the first " + failed + " trials all failed, so the evaluator"
                            + " rather than the architectures is at fault; first error: " + trials.get(0).error());
                }
                Progress progress = progress(trials, context, failed, cost, t0);
                for (SearchListener l : listeners) {
                    l.onTrialEnd(trial, progress);
                }
            }
        } finally {
            for (InFlight f : outstanding.values()) {
                f.result().cancel(true); // interrupted or failed: stop the trials still running
            }
            if (runner != executor) {
                runner.close();
            }
            if (j != null) {
                j.close();
            }
        }
        double wall = seconds(t0);
        trials.sort((a, b) -> Integer.compare(a.id(), b.id()));
        for (SearchListener l : listeners) {
            l.onTrialsDone(trials.size(), interrupted);
        }
        Optional<BaselineResult> base = interrupted ? Optional.empty() : RandomBaseline.run(this, baseline, trials);
        var result = new SearchResult(toString(), context, seed, trials, wall, interrupted, evaluator, base,
                strategy.describe(), strategy.diagnostics(), finalEvaluation);
        for (SearchListener l : listeners) {
            l.onEnd(result);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return result;
    }

    private Trial evaluate(int id, Candidate c) {
        long start = System.nanoTime();
        long trialSeed = trialSeed(seed, id);
        try {
            return TrialTask.trialOf(id, c, trialSeed,
                    evaluator.evaluate(space.freeze(c.sample()), c.fidelity(), trialSeed));
        } catch (java.util.concurrent.CancellationException e) {
            throw e; // stopped by an interrupt, not failed: never journaled, so a resumed search runs it again
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            String why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return Trial.failed(id, c, trialSeed, why, seconds(start));
        }
    }

    private void requireMetrics(Trial trial) {
        for (Objective o : objectives) {
            if (!trial.metrics().containsKey(o.metric())) {
                throw new IllegalArgumentException("objective metric '" + o.metric() + "' is not reported by "
                        + evaluator.describe() + "; it reports " + trial.metrics().keySet());
            }
        }
        for (Constraint c : constraints) {
            if (!trial.metrics().containsKey(c.metric())) {
                throw new IllegalArgumentException("constraint metric '" + c.metric() + "' is not reported by "
                        + evaluator.describe() + "; it reports " + trial.metrics().keySet());
            }
        }
    }

    private Progress progress(List<Trial> trials, SearchContext context, int failed, double cost, long t0) {
        Optional<Trial> best = SearchResult.best(trials, context);
        double wall = seconds(t0);
        return new Progress(trials.size(), failed, budget.fraction(trials.size(), cost, wall), cost, wall, best,
                best.map(t -> t.metric(context.primary().metric())).orElse(Double.NaN), strategy.diagnostics());
    }

    /**
     * A new search with this one's space, evaluator, objectives, constraints and workers, another strategy, budget
     * and seed, no baseline of its own, and a journal beside this one's (name + {@code journalSuffix}) when this
     * one has a journal. The random baseline runs on it.
     */
    Search sameSetup(Strategy other, Budget otherBudget, long otherSeed, String journalSuffix) {
        Search s = Search.of(space).strategy(other).evaluator(evaluator)
                .objectives(objectives.toArray(Objective[]::new))
                .constraints(constraints.toArray(Constraint[]::new))
                .budget(otherBudget).seed(otherSeed).workers(workers).baseline(Baseline.none())
                .finalEvaluation(finalEvaluation);
        if (devices.length > 0) {
            s.devices(devices);
        }
        if (executor != null) {
            s.executor(executor);
        }
        if (journal != null) {
            s.journal(journal.resolveSibling(journal.getFileName() + journalSuffix));
        }
        return s;
    }

    boolean isRandomSearch() {
        return strategy instanceof RandomSearch;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "search %s on %s with %s, %s, budget %s, seed %d, %s%s",
                strategy == null ? "?" : strategy.describe(), space.name(),
                evaluator == null ? "?" : evaluator.describe(), objectives, budget, seed,
                executor == null ? workers + " worker(s)" + (devices.length == 0 ? "" : " on "
                        + java.util.Arrays.toString(devices) + " in turn") : executor.describe(),
                constraints.isEmpty() ? "" : ", constraints " + constraints)
                + (journal == null ? "" : ", journal " + journal);
    }
}
