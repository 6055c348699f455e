#!/usr/bin/python3
"""Writes the jnas tutorial notebooks from plain Python, so they are reviewed as code and regenerated in one go.

  /usr/bin/python3 notebooks/src/make_notebooks.py            # writes every notebook in NOTEBOOKS (no outputs)
  /usr/bin/python3 notebooks/src/make_notebooks.py 04         # only the notebooks whose file name starts with 04

Then execute them and store their outputs (committed notebooks carry outputs so they read well on a code host):

  /usr/bin/python3 notebooks/check_notebooks.py --write-back notebooks/01-search-spaces.ipynb

One function per notebook returns its cells; `NOTEBOOKS` lists (file name, function). A code cell whose picture or
table matters is tagged `expect:<mime>`, and check_notebooks.py fails when that output is missing.
"""
import os
import sys

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOK_DIR = os.path.dirname(HERE)

PNG = "expect:image/png"
HTML = "expect:text/html"
SVG = "expect:image/svg+xml"


def md(text):
    return new_markdown_cell(text.strip("\n"))


def code(source, *expect):
    cell = new_code_cell(source.strip("\n"))
    if expect:
        cell.metadata["tags"] = list(expect)
    return cell


# Cells shared by the notebooks that run many searches over NAS-Bench-201.

LOAD_NASBENCH201 = md("""
The table (15,625 architectures, about 3 MB) is not part of the repository. `NasBench201.load()` reads
`$JNAS_NASBENCH201` when set, else `../shared/data/nasbench201/nasbench201.csv` seen from the repository root or
from `notebooks/` (the layout of a checkout next to `shared/`). Anywhere else, point at your copy with
`NasBench201.load(Path.of("/path/to/nasbench201.csv"))` or start Jupyter with
`JNAS_NASBENCH201=/path/to/nasbench201.csv`; the error message says the same when the file is missing.
""")

SHARED_PROGRESS_LINE = code("""
// jnas draws a live progress bar for every search. A loop of hundreds of searches would leave hundreds of bars,
// so `manySearches` lets them share a single line (plain kernel displays; nothing here changes the search).
class SharedProgressLine implements NotebookBackend {
    String sharedId;
    boolean sharing;
    public String display(Object value) {
        if (sharing && sharedId != null) {
            update(sharedId, value);
            return sharedId;
        }
        String id = org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.display(value);
        if (sharing) {
            sharedId = id;
        }
        return id;
    }
    public void update(String displayId, Object value) {
        org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.updateDisplay(displayId, value);
    }
}
var progressLine = new SharedProgressLine();
Notebook.install(progressLine);

/** Runs {@code search.apply(seed)} for seeds 0 .. seeds-1 under one progress line. */
List<SearchResult> manySearches(int seeds, java.util.function.LongFunction<Search> search) {
    progressLine.sharing = true;
    progressLine.sharedId = null;
    try {
        var results = new ArrayList<SearchResult>();
        for (long seed = 0; seed < seeds; seed++) {
            results.add(search.apply(seed).run());
        }
        return results;
    } finally {
        progressLine.sharing = false;
    }
}
""")


def search_spaces():
    return [
        md("""
# 01 · Search spaces

A search space says which architectures a search may pick. jnas keeps three things apart:

* the **space** lists labelled choices (`space.choices()`),
* a **sample** assigns one option to every choice (an immutable label → value map),
* `space.freeze(sample)` turns a sample into the concrete **architecture** that evaluators build, count, train
  and draw.

Strategies only ever touch samples, so every strategy works on every space. This notebook tours the ready-made
spaces, then builds your own, saves them as JSON and shows what a bad definition says.
"""),
        md("""
## The ready-made spaces

`Spaces` has three: **NAS-Bench-201** (a 4-node cell, 6 edges, 5 operations: the space of the tabular
benchmark), **DARTS** (normal and reduction cells, each intermediate node picks two inputs and an operation for
each) and **mobile**, a small hardware-aware chain of stages (depth, width, kernel, block type, expansion) sized
for 28×28 images. Their sizes are exact (`BigInteger`): the DARTS space is far too large to enumerate.
"""),
        code("""
var nb201 = Spaces.nasBench201();
var darts = Spaces.darts();
var mobile = Spaces.mobile();
var sizes = new StringBuilder();
for (SearchSpace space : List.of(nb201, darts, mobile)) {
    sizes.append(String.format("%-12s %3d choices  %,d architectures%n", space.name(), space.choices().size(),
            space.size()));
}
System.out.print(sizes);
"""),
        md("""
The choices themselves: NAS-Bench-201 labels each edge `i->j` (from node i to node j) and offers the same five
operations on every edge.
"""),
        code("""
nb201.choices()
"""),
        md("""
## A sample, its mutation, its picture

`sample(rng)` draws every choice uniformly; `mutate(parent, rng)` changes exactly one choice to a different
option, which is what evolution does. A seeded `Random` makes both reproducible. Architectures draw themselves:
`display(...)` shows a value in the middle of a cell, and the cell's last value is shown as well (parent, then
child).
"""),
        code("""
var rng = new Random(7);
Sample parent = nb201.sample(rng);
Sample child = nb201.mutate(parent, rng);
var changed = nb201.choices().stream().map(Choice::label)
        .filter(edge -> !parent.get(edge).equals(child.get(edge)))
        .map(edge -> edge + ": " + parent.get(edge) + " -> " + child.get(edge)).toList();
System.out.println("parent: " + nb201.toArchString(parent) + "\\nchild:  " + nb201.toArchString(child)
        + "\\nmutated " + changed);
display(Pictures.of(nb201, parent));
Pictures.of(nb201, child)
""", PNG),
        md("""
`toArchString` writes NAS-Bench-201's own string form, the key of the benchmark's table; `fromArchString` reads
it back, so published architectures can be typed in directly.
"""),
        code("""
Sample best = nb201.fromArchString(
        "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
Pictures.of(nb201, best)
""", PNG),
        md("""
## DARTS, with the published DARTS V2 cell

Published DARTS genotypes are plain data in `Genotypes`; `fromGenotype` reads the `Genotype(normal=[...], ...)`
string the DARTS code prints, so the result of any DARTS run (jnas's or the paper's) is a sample of the same space.
`CellDiagram.stacked` draws the normal cell above the reduction cell.
"""),
        code("""
Sample dartsV2 = darts.fromGenotype(Genotypes.DARTS_V2);
System.out.println(darts.toGenotype(dartsV2));
CellDiagram.stacked(darts.freeze(dartsV2))
""", PNG),
        md("""
## The mobile chain space

A chain architecture is a stem followed by blocks; each stage picks its depth, and each block its width, kernel,
type (`conv`, depthwise-separable `dwsep`, inverted-residual `mbconv`) and expansion. Three random samples show
how different its members are (`display` draws a value in the middle of a cell).
"""),
        code("""
var chainRng = new Random(3);
for (int i = 0; i < 3; i++) {
    var arch = mobile.freeze(mobile.sample(chainRng));
    System.out.println(arch);
    display(Pictures.of(arch));
}
""", PNG),
        md("""
## Your own spaces

**A cell space in a few lines.** Two intermediate nodes and three operations from the op registry give 3^3 = 27
cells. `edge(from, to)` restricts the DAG when not every pair should be connected.
"""),
        code("""
var tiny = CellSpace.builder("tiny").inputs(1).nodes(2)
        .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3")
        .build();
System.out.println(tiny);
Pictures.of(tiny, tiny.sample(new Random(1)))
""", PNG),
        md("""
**A chain space**: a stem and stages, each listing the options it may take.
"""),
        code("""
var myChain = ChainSpace.builder("my-chain").stem(8)
        .stage(s -> s.depths(1, 2).widths(8, 16).kernels(3, 5).ops("conv", "dwsep"))
        .stage(s -> s.depths(1, 2, 3).widths(16, 32).ops("mbconv").expansions(2, 4).stride(2))
        .build();
System.out.println(myChain + "\\n  size " + myChain.size());
Pictures.of(myChain, myChain.sample(new Random(5)))
""", PNG),
        md("""
**A free-form `ChoiceSpace`** for anything that is not a network shape jnas knows, such as a training recipe or
your own model family: it freezes to the sample itself, which your own evaluator interprets. Options are strings,
numbers or booleans.
"""),
        code("""
var recipe = ChoiceSpace.of("recipe",
        Choice.of("layers", 1, 2, 3),
        Choice.of("units", 64, 128, 256),
        Choice.of("optimizer", "sgd", "adam"),
        Choice.of("learning_rate", 0.1, 0.01, 0.001),
        Choice.of("batch_norm", true, false));
System.out.println(recipe);
var r = recipe.sample(new Random(11));
System.out.println("sample: " + r + "  -> layers=" + r.getInt("layers") + ", optimizer=" + r.getString("optimizer"));
recipe.sampleOf(2, 128, "adam", 0.001, true)
"""),
        md("""
## The JSON form

Every space has a JSON form (`Spaces.toJson` / `Spaces.fromJson`) with a `"type"` field, so a space can be kept
next to the results it produced, diffed and handed to `./jnas search SPEC.json`. Reading it back gives an equal
space, and a sample of the old space is a sample of the new one.
"""),
        code("""
String json = Spaces.toJson(myChain);
System.out.println(json);
SearchSpace back = Spaces.fromJson(json);
Sample s = myChain.sample(new Random(9));
System.out.println("round trip equal: " + back.equals(myChain) + ", same size: " + back.size().equals(myChain.size())
        + ", same architecture: " + back.freeze(s).equals(myChain.freeze(s)));
"""),
        code("""
var roundTrips = new StringBuilder();
for (SearchSpace space : List.of(nb201, darts, mobile, tiny, recipe)) {
    roundTrips.append(String.format("%-12s JSON %4d chars, round trip equal: %s%n", space.name(),
            Spaces.toJson(space).length(), Spaces.fromJson(Spaces.toJson(space)).equals(space)));
}
System.out.print(roundTrips);
"""),
        md("""
## What a bad definition says

Definitions are checked when built, and the error names the problem and the fix. (Each bad definition below is
caught so that this notebook runs through; in your own cells you would see the exception itself.)
"""),
        code("""
void tryDefine(String what, Runnable definition) {
    try {
        definition.run();
        System.out.println(what + ": accepted");
    } catch (RuntimeException e) {
        System.out.println(what + ":\\n    " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
}
tryDefine("a misspelt operation", () -> CellSpace.builder("typo").ops("skip_connect", "conv_3x3").build());
tryDefine("no operations", () -> CellSpace.builder("empty").nodes(2).build());
tryDefine("an even kernel", () -> ChainSpace.builder("even").stem(8).stage(st -> st.widths(8).kernels(4)).build());
tryDefine("a duplicate option", () -> Choice.of("units", 64, 64));
tryDefine("two choices with one label", () -> ChoiceSpace.of("dup", Choice.of("lr", 0.1), Choice.of("lr", 0.01)));
tryDefine("a JSON space with a bad output", () -> Spaces.fromJson(
        "{\\"type\\": \\"cell\\", \\"name\\": \\"j\\", \\"inputs\\": 1, \\"nodes\\": 2, \\"ops\\": [\\"skip_connect\\"], \\"output\\": \\"sum\\"}"));
tryDefine("a sample with a value the space lacks", () -> nb201.sampleOf("skip_connect", "none", "none", "none", "none", "conv_7x7"));
"""),
        md("""
## Where next

`04` searches NAS-Bench-201 with several strategies over many seeds, and `05` shows what makes a search
result credible.
"""),
    ]


def nasbench201():
    return [
        md("""
# 04 · Searching NAS-Bench-201: strategies compared over many seeds

NAS-Bench-201 trained each of the 15,625 cells of its space and tabulated the results. Looking a cell up replaces
hours of training, so a search costs milliseconds and can be repeated over dozens of seeds: the only way to tell a
better strategy from a lucky one.

**The protocol.** A search sees only the **12-epoch validation accuracy** (`cifar10_valid_12ep`, what
`NasBench201.evaluate` returns as `accuracy`), the latency columns and the parameter count. The architecture it returns is reported by
its **200-epoch test accuracy** (`cifar10_test_200ep`, what `test()` / `testAccuracy` return), once, after the
search. Reading a test column during the search is test-set leakage: the reported number would no longer estimate
how the architecture does on unseen data (notebook 05 measures how much that inflates results).
"""),
        md("""
**Scale.** Every figure below comes from the next cell: 50 seeds of 150 trials per strategy by default. Change
`seeds` or `budget` to scale up or down; with `JNAS_CI=1` (the test suite) the notebook runs 10 seeds.
"""),
        code("""
boolean ci = "1".equals(System.getenv("JNAS_CI"));
int seeds = ci ? 10 : 50;      // searches per strategy
int budget = 150;              // trials (table queries) per search
System.out.println(seeds + " seeds x " + budget + " trials per strategy" + (ci ? " (JNAS_CI)" : ""));
"""),
        LOAD_NASBENCH201,
        code("""
var space = Spaces.nasBench201();
var bench = NasBench201.load();           // CIFAR-10; .dataset(NasBench201.Dataset.CIFAR100) for another task
System.out.println(bench);
System.out.println(String.format("best 200-epoch test accuracy in the table: %.4f", bench.bestTestAccuracy()));
"""),
        md("""
## One search

Regularized evolution (Real et al., 2019) keeps a population of recent architectures, mutates the best of a random
tournament and drops the oldest. The report states what a reader needs to trust the number: seed, evaluations,
cost, the best trial's validation accuracy, random search at the **same budget and seed** (run after the search),
and the test accuracy of the chosen architecture, looked up once at the end.
"""),
        code("""
SearchResult evo = Search.of(space)
        .strategy(Strategies.regularizedEvolution())
        .evaluator(bench)
        .budget(Budget.trials(budget))
        .seed(0)
        .run();
evo.report()
"""),
        code("""
evo.bestPicture()
""", PNG),
        md("""
## Strategies over many seeds

Each strategy runs once per seed (0 .. seeds-1) with the same budget on the same table:

* **random search**, the baseline every NAS method must beat;
* **regularized evolution**, as above;
* **REINFORCE**, a policy-gradient controller (a categorical distribution per edge), the NAS-Bench-201 paper's RL
  baseline;
* **predictor-based search** in the manner of BANANAS: after some random trials, an ensemble predictor fitted to
  the results picks the most promising mutation of the best architectures.

Random search is one of the contestants, so the per-search baseline is switched off (`Baseline.none()`).
`manySearches` (next cell) only gathers one progress line per loop.
"""),
        SHARED_PROGRESS_LINE,
        code("""
// strategy name -> a fresh strategy per search (a strategy carries state)
var strategies = new LinkedHashMap<String, java.util.function.Supplier<Strategy>>();
strategies.put("random", Strategies::random);
strategies.put("regularized evolution", Strategies::regularizedEvolution);
strategies.put("REINFORCE", Strategies::reinforce);
strategies.put("predictor (BANANAS-style)", Strategies::predictor);
// Successive halving and Hyperband are left out: the table holds one training length, so their cheap
// low-fidelity rungs would see the full answer (notebook 05 shows what that does to a report).

var runs = new LinkedHashMap<String, List<SearchResult>>();
long t0 = System.nanoTime();
for (var entry : strategies.entrySet()) {
    runs.put(entry.getKey(), manySearches(seeds, seed -> Search.of(space)
            .strategy(entry.getValue().get())
            .evaluator(bench)
            .budget(Budget.trials(budget))
            .seed(seed)
            .baseline(Baseline.none())));
}
System.out.println(String.format("%d searches of %d trials in %.1f s", strategies.size() * seeds, budget,
        (System.nanoTime() - t0) / 1e9));
"""),
        md("""
**Best-so-far curves.** The line is the mean over seeds of the best validation accuracy found after each trial;
the band runs from the worst to the best seed. The first trials of some seeds find nothing better than 10 %, so
the chart is zoomed on the range where the strategies differ (`xyChart()` gives the XChart chart for such tweaks).
"""),
        code("""
var curves = SearchResult.compare(runs);
curves.xyChart().getStyler().setYAxisMin(0.78).setYAxisMax(0.855);
curves
""", PNG),
        md("""
**What gets reported: the test accuracy of each search's choice.** One row per strategy: mean ± standard
deviation over seeds of the 200-epoch test accuracy of the architecture each search returned, next to the
validation accuracy it was chosen by, and the gap to the best architecture of the whole table.
"""),
        code("""
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

double mean(double[] v) { return Arrays.stream(v).average().orElse(Double.NaN); }
double std(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
}
String pct(double mean, double std) { return String.format("%.2f ± %.2f", 100 * mean, 100 * std); }

Table summary = Table.create("CIFAR-10, " + budget + " trials, " + seeds + " seeds: accuracy in %",
        StringColumn.create("strategy"), IntColumn.create("seeds"),
        StringColumn.create("test acc. (200 ep)"), StringColumn.create("validation acc. (12 ep)"),
        DoubleColumn.create("gap to table best"), DoubleColumn.create("worst seed test"),
        DoubleColumn.create("wall s / search"));
for (var entry : runs.entrySet()) {
    double[] test = entry.getValue().stream().mapToDouble(r -> r.report().testValue()).toArray();
    double[] valid = entry.getValue().stream().mapToDouble(r -> r.report().bestValue()).toArray();
    summary.stringColumn(0).append(entry.getKey());
    summary.intColumn(1).append(test.length);
    summary.stringColumn(2).append(pct(mean(test), std(test)));
    summary.stringColumn(3).append(pct(mean(valid), std(valid)));
    summary.doubleColumn(4).append(Math.round(10000 * (bench.bestTestAccuracy() - mean(test))) / 100.0);
    summary.doubleColumn(5).append(Math.round(10000 * Arrays.stream(test).min().orElse(Double.NaN)) / 100.0);
    summary.doubleColumn(6).append(
            Math.round(1000 * entry.getValue().stream().mapToDouble(SearchResult::wallSeconds).average().orElse(0))
                    / 1000.0);
}
summary
""", HTML),
        md("""
Read the table with its spread: the standard error of a mean is the standard deviation divided by √seeds, and two
strategies whose means differ by less than about twice that are not shown apart by this experiment. The worst
seed is what a single unlucky run would have reported.
"""),
        md("""
## Two objectives: accuracy against latency

The table also holds measured latencies (HW-NAS-Bench) on several devices. NSGA-II searches for the trade-off
between validation accuracy and batch-1 latency on an Intel Xeon Gold 6226 CPU; the chart shows every trial, the
Pareto front (no other trial is both more accurate and faster) and the chosen architecture. The constraint keeps
degenerate cells (all edges `none`: 10 % accuracy, nearly zero latency) off the front; they are drawn grey.
"""),
        code("""
SearchResult fast = Search.of(space)
        .strategy(Strategies.nsga2())
        .evaluator(bench)
        .objectives(Objective.maximize("accuracy"), Objective.minimize("latency_ms_gold6226_cpu"))
        .constraints(Constraint.atLeast("accuracy", 0.5))
        .budget(Budget.trials(ci ? 200 : 400))
        .seed(0)
        .baseline(Baseline.none())
        .run();
fast.paretoChart()
""", PNG),
        md("""
The front as a table, each architecture with its 200-epoch test accuracy looked up only now, after the search:
the fastest cells give up a few points of accuracy for a large cut in latency.
"""),
        code("""
Table front = Table.create("Pareto front: validation accuracy vs Xeon CPU latency",
        IntColumn.create("trial"), DoubleColumn.create("latency ms"), DoubleColumn.create("valid acc. %"),
        DoubleColumn.create("test acc. %"), StringColumn.create("architecture"));
for (Trial t : fast.pareto()) {
    front.intColumn(0).append(t.id());
    front.doubleColumn(1).append(Math.round(100 * t.metric("latency_ms_gold6226_cpu")) / 100.0);
    front.doubleColumn(2).append(Math.round(10000 * t.metric("accuracy")) / 100.0);
    front.doubleColumn(3).append(Math.round(10000 * bench.testAccuracy(t.sample())) / 100.0);
    front.stringColumn(4).append(space.toArchString(t.sample()));
}
front
""", HTML),
        md("""
## Where next

Notebook 05 uses the same table to show what makes such numbers credible: fair baselines, no test-set leakage,
the search cost, the spread over seeds and how well a cheap proxy ranks architectures.
"""),
    ]


def credible_results():
    return [
        md("""
# 05 · Credible results: five pitfalls, measured

NAS papers have been caught comparing against weak baselines, selecting on the test set, hiding the cost of the
search, reporting one lucky seed and trusting a cheap proxy's ranking. Each section below shows one of these
pitfalls with jnas's own numbers on NAS-Bench-201, where a search takes milliseconds, so every claim is checked
over many seeds rather than argued.
"""),
        code("""
boolean ci = "1".equals(System.getenv("JNAS_CI"));
int seeds = ci ? 10 : 50;           // repetitions of every search
int budget = 100;                   // trials per search
int proxySample = ci ? 300 : 1000;  // architectures for the rank correlation
System.out.println(seeds + " seeds, " + budget + " trials per search, " + proxySample + " architectures for the"
        + " proxy check" + (ci ? " (JNAS_CI)" : ""));
"""),
        LOAD_NASBENCH201,
        code("""
var space = Spaces.nasBench201();
var bench = NasBench201.load();
bench
"""),
        SHARED_PROGRESS_LINE,
        code("""
double mean(double[] v) { return Arrays.stream(v).average().orElse(Double.NaN); }
double std(double[] v) {
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / Math.max(1, v.length - 1));
}
/** The 200-epoch test accuracy of each search's choice, in %. */
double[] testPct(List<SearchResult> runs) {
    return runs.stream().mapToDouble(r -> 100 * r.report().testValue()).toArray();
}
Search searchWith(Strategy strategy, int trials, long seed) {
    return Search.of(space).strategy(strategy).evaluator(bench).budget(Budget.trials(trials)).seed(seed)
            .baseline(Baseline.none());
}
"""),
        md("""
## 1 · Unfair baselines

A new method must beat random search **with the same budget, on the same evaluator, with the same seeds**. By
default every jnas search runs that baseline itself after the search, and the report prints the difference:
"""),
        code("""
SearchResult evo = Search.of(space).strategy(Strategies.regularizedEvolution()).evaluator(bench)
        .budget(Budget.trials(budget)).seed(0).run();
evo.report()
"""),
        md("""
Over all seeds, the gain depends on what it is compared with. A baseline given fewer trials (or a weaker setup)
inflates it:
"""),
        code("""
var evoRuns = manySearches(seeds, seed -> searchWith(Strategies.regularizedEvolution(), budget, seed));
var randomRuns = manySearches(seeds, seed -> searchWith(Strategies.random(), budget, seed));
var weakRandomRuns = manySearches(seeds, seed -> searchWith(Strategies.random(), budget / 5, seed));
double[] evoTest = testPct(evoRuns);
double[] randomTest = testPct(randomRuns);
double[] weakTest = testPct(weakRandomRuns);
System.out.println(String.format(
        "test accuracy over %d seeds: evolution %.2f %%, random (%d trials) %.2f %%, random (%d trials) %.2f %%%n"
        + "claimed gain against the %d-trial random search: %+.2f points%n"
        + "gain against random search with the same %d trials:  %+.2f points",
        seeds, mean(evoTest), budget, mean(randomTest), budget / 5, mean(weakTest),
        budget / 5, mean(evoTest) - mean(weakTest), budget, mean(evoTest) - mean(randomTest)));
"""),
        md("""
## 2 · Leakage: selecting by test accuracy

The search must choose by validation accuracy and report the chosen architecture's test accuracy. If it chooses
by test accuracy instead ("peeking" at `cifar10_test_200ep` among its trials), the reported number is the maximum
of many noisy test scores: optimistically biased, and no longer an estimate of accuracy on unseen data. Same
trials, two selection rules:
"""),
        code("""
double[] honest = new double[seeds];
double[] peeked = new double[seeds];
for (int i = 0; i < seeds; i++) {
    var trials = randomRuns.get(i).trials();
    honest[i] = 100 * randomRuns.get(i).report().testValue();       // chosen by validation, tested once
    peeked[i] = 100 * trials.stream().mapToDouble(t -> bench.testAccuracy(t.sample())).max().orElseThrow();
}
System.out.println(String.format(
        "random search, %d trials, %d seeds, reported test accuracy:%n"
        + "  chosen by validation (honest):    %.2f ± %.2f %%%n"
        + "  chosen by test accuracy (leaked): %.2f ± %.2f %%%n"
        + "  optimistic bias from peeking:     %+.2f points (for scale: evolution's whole gain over random"
        + " search at the same budget is %+.2f points)",
        budget, seeds, mean(honest), std(honest), mean(peeked), std(peeked), mean(peeked) - mean(honest),
        mean(evoTest) - mean(randomTest)));
"""),
        md("""
`NasBench201.evaluate` never returns a test column, and `SearchResult.report()` looks the test accuracy up once,
for the chosen architecture only: the protocol is the default path, leakage takes deliberate code like the loop
above.

## 3 · Hidden search cost

A table lookup takes microseconds, but each stands for a real training run. jnas charges NAS-Bench-201 queries a
nominal 100 s each (one 12-epoch run, `NasBench201.FULL_QUERY_SECONDS`), and every report states evaluations,
cost and wall-clock. Quote the cost, not the wall-clock of the lookup:
"""),
        code("""
var r = evo.report();
System.out.println(String.format(
        "one search:   %d evaluations, cost %.0f s = %.1f GPU-hours if trained, wall-clock %.2f s%n"
        + "the %d searches of section 1: %.0f GPU-hours of training stood in for by the table",
        r.evaluations(), r.totalCostSeconds(), r.totalCostSeconds() / 3600, r.wallSeconds(),
        3 * seeds, (evoRuns.stream().mapToDouble(SearchResult::totalCostSeconds).sum()
                + randomRuns.stream().mapToDouble(SearchResult::totalCostSeconds).sum()
                + weakRandomRuns.stream().mapToDouble(SearchResult::totalCostSeconds).sum()) / 3600));
"""),
        md("""
## 4 · Seed sensitivity: one seed can mislead

The same comparison, seed by seed (both strategies get the same seed). The spread over seeds is as large as the
difference between the strategies, so a single seed can point either way:
"""),
        code("""
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

double[] diff = new double[seeds];
int randomWins = 0;
for (int i = 0; i < seeds; i++) {
    diff[i] = evoTest[i] - randomTest[i];
    randomWins += diff[i] < 0 ? 1 : 0;
}
Table perSeed = Table.create("test accuracy (%) over " + seeds + " seeds, " + budget + " trials each",
        StringColumn.create("statistic"), DoubleColumn.create("evolution"), DoubleColumn.create("random"),
        DoubleColumn.create("evolution - random (same seed)"));
for (var row : List.of(
        Map.entry("mean", new double[] {mean(evoTest), mean(randomTest), mean(diff)}),
        Map.entry("std over seeds", new double[] {std(evoTest), std(randomTest), std(diff)}),
        Map.entry("worst seed", new double[] {Arrays.stream(evoTest).min().getAsDouble(),
                Arrays.stream(randomTest).min().getAsDouble(), Arrays.stream(diff).min().getAsDouble()}),
        Map.entry("best seed", new double[] {Arrays.stream(evoTest).max().getAsDouble(),
                Arrays.stream(randomTest).max().getAsDouble(), Arrays.stream(diff).max().getAsDouble()}))) {
    perSeed.stringColumn(0).append(row.getKey());
    for (int c = 0; c < 3; c++) {
        perSeed.doubleColumn(c + 1).append(Math.round(100 * row.getValue()[c]) / 100.0);
    }
}
System.out.println(String.format("random search beats evolution on %d of %d seeds: a one-seed paper would have"
        + " concluded the opposite %.0f %% of the time.", randomWins, seeds, 100.0 * randomWins / seeds));
perSeed
""", HTML),
        md("""
Report the mean and spread over several seeds (jnas's `SearchResult.compare` draws best-so-far curves with that
spread, see notebook 04), and the same seeds for every method.

## 5 · Proxy ranking noise

Searches rank architectures by a cheap proxy: here the 12-epoch validation accuracy stands for the 200-epoch test
accuracy. Kendall's tau (1 = same order, 0 = unrelated) measures how well the proxy orders architectures, over a
random sample of the table, and among the top tenth by the proxy, where a search actually chooses:
"""),
        code("""
var proxyRng = new Random(0);
var all = bench.allSamples();
double[] valid12 = new double[proxySample];
double[] test200 = new double[proxySample];
for (int i = 0; i < proxySample; i++) {
    Sample s = all.get(proxyRng.nextInt(all.size()));
    valid12[i] = bench.evaluate(space.freeze(s), 1.0, 0).metric("accuracy");
    test200[i] = bench.testAccuracy(s);
}
Integer[] order = new Integer[proxySample];
for (int i = 0; i < proxySample; i++) order[i] = i;
Arrays.sort(order, (a, b) -> Double.compare(valid12[b], valid12[a]));
int top = proxySample / 10;
double[] topValid = new double[top];
double[] topTest = new double[top];
for (int i = 0; i < top; i++) {
    topValid[i] = valid12[order[i]];
    topTest[i] = test200[order[i]];
}
System.out.println(String.format("Kendall tau, 12-epoch validation vs 200-epoch test:%n"
        + "  %4d random architectures: %.3f%n  top %3d by validation:     %.3f",
        proxySample, RankCorrelation.kendallTau(valid12, test200), top, RankCorrelation.kendallTau(topValid, topTest)));
"""),
        md("""
The proxy orders the whole space well but the good architectures poorly, and those are the ones a search
chooses between. The scatter shows why (drawn with XChart, which jnas uses for its own charts):
"""),
        code("""
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.BitmapEncoder;

XYChart scatter = new XYChartBuilder().width(640).height(420)
        .title("12-epoch validation vs 200-epoch test, " + proxySample + " architectures")
        .xAxisTitle("validation accuracy, 12 epochs").yAxisTitle("test accuracy, 200 epochs").build();
scatter.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
scatter.getStyler().setMarkerSize(5);
scatter.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
scatter.addSeries("all sampled", valid12, test200);
scatter.addSeries("top tenth by validation", topValid, topTest);
BitmapEncoder.getBufferedImage(scatter)
""", PNG),
        md("""
A search's predictor is a proxy too. jnas's predictor-based search records each prediction before the evaluation
and reports, in its diagnostics, Kendall tau between predictions and results over the held-out trials: the
candidates it actually chose between, which are mutations of the best architectures so far.
"""),
        code("""
var predictorRuns = manySearches(seeds, seed -> searchWith(Strategies.predictor(), budget, seed));
double[] predictorTau = predictorRuns.stream().mapToDouble(p -> p.diagnostics().get("predictor_tau")).toArray();
double[] predictorTest = testPct(predictorRuns);
System.out.println(String.format("predictor search, %d seeds: Kendall tau of its predictions on held-out candidates"
        + " %.3f ± %.3f;%ntest accuracy of its choice %.2f %% (random search %.2f %%, evolution %.2f %%)",
        seeds, mean(predictorTau), std(predictorTau), mean(predictorTest), mean(randomTest), mean(evoTest)));
"""),
        md("""
A tau near zero says the predictor barely orders the close-to-best candidates it is asked about, even when the
search does well: then the gain comes from where candidates are drawn (mutations of the best) as much as from the
predictor. Report such a diagnostic next to the accuracy, so readers can tell which part of a method works.
"""),
        md("""
**A multi-fidelity report on a single-fidelity table.** Successive halving evaluates many architectures cheaply
and promotes the best to longer training; its report gives Kendall tau between the lowest and the full fidelity.
On NAS-Bench-201 that tau is 1.000 by construction: the table has one training length, so every fidelity returns
the same number at a smaller charge. A perfect tau that the evaluator cannot fail is not evidence; the 12-epoch vs
200-epoch tau above is the honest measure of the proxy.
"""),
        code("""
SearchResult halving = Search.of(space).strategy(Strategies.successiveHalving()).evaluator(bench)
        .budget(Budget.trials(budget)).seed(0).run();
halving.report()
"""),
        md("""
The same flaw skews its baseline: at the same **cost**, successive halving's cheap rungs get the full 12-epoch
answer for a ninth of the charge, while the random search it is compared with pays full price for about a fifth
as many evaluations. Whatever gain it shows over that baseline measures the table's flaw as much as the method:
"""),
        code("""
var halvingRuns = manySearches(seeds, seed -> Search.of(space).strategy(Strategies.successiveHalving())
        .evaluator(bench).budget(Budget.trials(budget)).seed(seed));   // with its same-cost random baseline
double[] halvingGain = halvingRuns.stream()
        .mapToDouble(h -> 100 * (h.report().bestValue() - h.baseline().orElseThrow().bestValue())).toArray();
double[] evoGain = new double[seeds];
for (int i = 0; i < seeds; i++) {
    evoGain[i] = 100 * (evoRuns.get(i).report().bestValue() - randomRuns.get(i).report().bestValue());
}
System.out.println(String.format("validation accuracy gain over random search at the same cost, %d seeds:%n"
        + "  successive halving:    %+.2f ± %.2f points (%d evaluations costing %.0f s; its baseline: %.0f"
        + " evaluations)%n"
        + "  regularized evolution: %+.2f ± %.2f points (%d evaluations costing %d s; its baseline: as many)",
        seeds, mean(halvingGain), std(halvingGain), budget,
        halvingRuns.stream().mapToDouble(SearchResult::totalCostSeconds).average().orElseThrow(),
        halvingRuns.stream().mapToDouble(h -> h.baseline().orElseThrow().evaluations()).average().orElseThrow(),
        mean(evoGain), std(evoGain), budget, budget * 100));
"""),
        md("""
## A checklist

* Random search at the same budget, evaluator and seeds (`Baseline.run()`, jnas's default).
* Choose by validation; report test accuracy once, for the chosen architecture (`SearchResult.report()`).
* State evaluations and cost, not just wall-clock.
* Several seeds; mean and spread, same seeds for every method.
* Measure how well the proxy ranks the architectures you choose between, on an evaluator that can get it wrong.

These follow the NAS best-practice checklist of Lindauer and Hutter (JMLR 2020), which is worth reading in full.
"""),
    ]


def quickstart():
    return [
        md("""
# 00 · Quickstart: a real architecture search in a few cells

Define a small cell search space, search it with **regularized evolution** while really training every candidate
with DJL on Fashion-MNIST (CPU is fine), look at the best cell and the accuracy/size Pareto front, then export the
winner and retrain it with a bigger budget. Everything runs offline, from Debian's `dataset-fashion-mnist`.

The next cell holds every number that sets the cost. `JNAS_CI=1` (set by `./jnas test`) makes them smaller;
to scale up, raise them (or pass `.devices(Device.gpu())` to the evaluator on a GPU machine).
"""),
        code("""
boolean ci = "1".equals(System.getenv("JNAS_CI"));
int trials = ci ? 8 : 12;              // candidates trained during the search
int trainImages = ci ? 8000 : 12000;   // training images per candidate (1 epoch)
int validationImages = ci ? 2000 : 5000;
long seed = 42;
"trials=" + trials + ", images=" + trainImages + ", seed=" + seed + (ci ? " (JNAS_CI)" : "")
"""),
        md("""
## 1. A search space in one statement

A NAS-Bench-201-style cell: one input, two intermediate nodes, and every edge picks one of four operations. The
space says how big it is; a picture of a random sample shows what a candidate looks like.
"""),
        code("""
var space = CellSpace.builder("quickstart").inputs(1).nodes(2)
        .ops("skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3").build();
System.out.println(space);
Pictures.of(space, space.sample(new Random(seed)))
""", SVG),
        md("""
## 2. Search with real training

Each candidate becomes a DJL network (three stages of the cell, 8 channels at first) trained for one epoch on part
of the training split, and is scored on a validation split carved from it with a fixed seed. The test split is not
touched during the search. After the search, jnas runs **random search at the same cost** as its baseline; the
result records the seed and the cost of both.
"""),
        code("""
var data = Datasets.fashionMnist();
var evaluator = Evaluators.train(data).network(new NetworkBuilder().channels(8).cellsPerStage(1))
        .epochs(1).batchSize(64).trainLimit(trainImages).validationLimit(validationImages).build();
var result = Search.of(space)
        .strategy(Strategies.regularizedEvolution())
        .evaluator(evaluator)
        .objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
        .budget(Budget.trials(trials)).seed(seed)
        .run();
result.summary()
"""),
        md("## 3. What it found: the best cell, the Pareto front, the history"),
        code("result.bestPicture()", SVG),
        code("result.paretoChart()", PNG),
        code("result.historyView()", HTML),
        md("""
## 4. The report

Seed, cost, the random-search baseline at the same cost, and the chosen cell's test accuracy: the only time the
test split is used, after the choice was made on validation accuracy. With a dozen trials in a 64-cell space,
evolution has little room to beat random search, and one-epoch accuracies are noisy: the report says by how much
it wins or loses rather than hiding it. Notebook 04 measures the difference over many seeds.
"""),
        code("result.report()"),
        md("""
## 5. Export the winner and retrain it

The winner is a plain sample of the space: its JSON and the space's JSON are all it takes to rebuild it, in this
notebook or anywhere else. Here it is read back and retrained wider (16 channels) on more images, then scored on
the test split.
"""),
        code("""
var dir = Files.createDirectories(Path.of("runs"));
Files.writeString(dir.resolve("quickstart-space.json"), Spaces.toJson(space));
Files.writeString(dir.resolve("quickstart-best.json"), org.jnas.util.Json.write(result.best().sample()));

var reloaded = Spaces.fromJson(dir.resolve("quickstart-space.json"));
var winner = reloaded.freeze(org.jnas.util.Json.read(Files.readString(dir.resolve("quickstart-best.json")),
        Sample.class));
var longer = Evaluators.train(data).network(new NetworkBuilder().channels(16).cellsPerStage(1))
        .epochs(ci ? 1 : 2).batchSize(64).trainLimit(ci ? 10000 : 30000).build();
var retrained = longer.test(winner, seed).orElseThrow();
System.out.println(String.format("%s retrained (%s): test accuracy %.4f, %.0f params, %.0f s",
        winner, longer.describe(), retrained.metric("accuracy"), retrained.metric("params"),
        retrained.costSeconds()));
"""),
        md("""
## Where next

* `01-search-spaces`: the ready-made spaces (NAS-Bench-201, DARTS, mobile chains) and your own.
* `02-evolution-pareto`: accuracy against measured latency, with a latency limit and successive halving.
* `03-darts`: differentiable search with weight sharing.
* `04-nasbench201` and `05-credible-results`: comparing strategies fairly, over many seeds, in seconds.
"""),
    ]


def evolution_pareto():
    return [
        md("""
# 02 · Accuracy against latency: multi-objective, hardware-aware search

A network for a phone or a microcontroller has to be fast there, not only accurate. This notebook searches a
mobile-style chain space for the **accuracy / latency trade-off**, with latency **measured on this device**, under
a hard latency limit; sets random search at the same budget on the same plot; and shows how **successive halving**
screens many candidates on little data and spends full training only on the promising ones.
"""),
        code("""
boolean ci = "1".equals(System.getenv("JNAS_CI"));
int trials = ci ? 8 : 12;            // trained candidates per search
int trainImages = ci ? 5000 : 8000;  // Fashion-MNIST training images per candidate (1 epoch)
long seed = 7;
"trials=" + trials + ", images=" + trainImages + ", seed=" + seed + (ci ? " (JNAS_CI)" : "")
"""),
        md("""
## The space

Three stages; each picks its depth, width, kernel size and block type (plain convolution, depthwise-separable, or
an inverted residual with an expansion ratio): the usual shape of hardware-aware spaces such as MnasNet's.
"""),
        code("""
var space = Spaces.mobile();
System.out.println(space);
Pictures.of(space, space.sample(new Random(seed)))
""", SVG),
        md("""
## What does a latency limit mean here?

Costs come before training: `NetworkBuilder.costs` counts parameters and multiply-accumulates and times a batch-1
forward pass (3 warm-ups, median of 10) on the default device. The limit below is the median latency of 16 random
architectures, so about half the space is out of bounds: a real constraint, not a decoration.
"""),
        code("""
var net = new NetworkBuilder();   // 1x28x28 input, 10 classes
var rng = new Random(seed);
var latencies = new ArrayList<Double>();
for (int i = 0; i < 16; i++) {
    var arch = space.freeze(space.sample(rng));
    var c = net.costs(arch, Latency.defaults());
    latencies.add(c.get("latency_ms"));
    if (i < 4) {
        System.out.println(String.format("%7.0f params %10.0f MACs %6.2f ms  %s", c.get("params"), c.get("flops"),
                c.get("latency_ms"), arch));
    }
}
Collections.sort(latencies);
double limitMs = latencies.get(latencies.size() / 2);
String.format("latency of 16 random architectures: %.2f .. %.2f ms; limit %.2f ms",
        latencies.get(0), latencies.get(latencies.size() - 1), limitMs)
"""),
        md("""
## NSGA-II under the limit, and random search beside it

NSGA-II (Deb et al., 2002) keeps the population that is best by non-dominated sorting, with crowding distance to
spread it along the front; a trial over the latency limit counts as infeasible and loses to every feasible one.
Both searches train the same way, from the same seed, for the same number of trials.
"""),
        code("""
var data = Datasets.fashionMnist();
// batch 32: half the activation memory of 64, at about the same speed on CPU (Binder has 2 GB)
var evaluator = Evaluators.train(data).epochs(1).batchSize(32).trainLimit(trainImages)
        .validationLimit(trainImages / 2).build();
Search search(Strategy strategy) {
    return Search.of(space).strategy(strategy).evaluator(evaluator)
            .objectives(Objective.maximize("accuracy"), Objective.minimize("latency_ms"))
            .constraints(Constraint.atMost("latency_ms", limitMs))
            .budget(Budget.trials(trials)).seed(seed)
            .baseline(Baseline.none());   // the random search is run below, to draw all its trials
}
var nsga = search(Strategies.nsga2(new Nsga2.Options(ci ? 4 : 6, 0.5, 1.0))).run();
var random = search(Strategies.random()).run();
nsga.paretoChart(random)
""", PNG),
        code("""
String line(SearchResult r) {
    long feasible = r.trials().stream().filter(t -> t.ok() && t.metric("latency_ms") <= limitMs).count();
    var best = r.best();
    return String.format("%-8s %2d of %d trials within %.2f ms; best %.4f at %.2f ms, %.0f cost-s",
            r.strategyName(), feasible, r.trials().size(), limitMs, best.metric("accuracy"),
            best.metric("latency_ms"), r.totalCostSeconds());
}
System.out.println(line(nsga));
System.out.println(line(random));
"""),
        md("""
With a handful of trials, one seed says little about which strategy is better: notebook 04 compares strategies
over many seeds on a tabular benchmark, where that is cheap. What one run does show is where the trade-off lies and
which blocks buy accuracy per millisecond.
"""),
        code("nsga.historyView()", HTML),
        md("""
## Successive halving: screen on little data, train fully only the promising ones

Successive halving (Jamieson & Talwalkar, 2016; the inner loop of Hyperband) trains many random candidates on a
fraction of the data, keeps the better half, doubles their data, and so on. Here: 8 candidates on a quarter of the
images, 4 on half, 2 on all of them. The evaluator's fidelity is the fraction of training data.
"""),
        code("""
var byData = Evaluators.train(data).epochs(1).batchSize(32).trainLimit(trainImages)
        .validationLimit(trainImages / 2).fidelity(TrainingEvaluator.FidelityMode.DATA).build();
var halving = Search.of(space).strategy(Strategies.successiveHalving(new SuccessiveHalving.Options(8, 0.25, 2)))
        .evaluator(byData).objectives(Objective.maximize("accuracy"), Objective.minimize("latency_ms"))
        .constraints(Constraint.atMost("latency_ms", limitMs))
        .budget(Budget.trials(14)).seed(seed).baseline(Baseline.none()).run();
var rungs = halving.trials().stream().collect(Collectors.groupingBy(t -> t.fidelity(), TreeMap::new,
        Collectors.summarizingDouble(t -> t.costSeconds())));
rungs.forEach((f, s) -> System.out.println(String.format("fidelity %.2f: %d trials, %.0f cost-s", f,
        s.getCount(), s.getSum())));
System.out.println(line(halving));
System.out.println(String.format("8 candidates screened for %.0f cost-s; random search trained %d fully for %.0f",
        halving.totalCostSeconds(), random.trials().size(), random.totalCostSeconds()));
halving.historyView()
""", HTML),
        md("""
## Scaling up

* More trials and images: the first cell. More seeds: loop over `seed` and compare with `SearchResult.compare`.
* A GPU: `.devices(Device.gpu())` on the evaluator (latency is then measured on the GPU too).
* Your hardware's latency: measure on the target, or use a lookup table such as NAS-Bench-201's latency columns
  (notebook 04), and constrain that metric instead.
"""),
    ]


def darts():
    return [
        md("""
# 03 · DARTS: differentiable architecture search

DARTS (Liu et al., 2019) relaxes the choice on each edge of a cell into a softmax-weighted mix of all candidate
operations, trains the weights of this **supernet** and the mixing weights (the architecture's *alphas*) in
alternation, on two halves of the training data, and keeps the strongest operations at the end. One supernet
replaces training thousands of networks, so the search costs about as much as training one of them a few times.

Two known problems are handled here, each switchable:

* **Collapse onto skip connections**: parameter-free operations win the alphas early and the derived cell is all
  skips. jnas stops the search as soon as the normal cell derives 2 skip connections (the DARTS+ rule,
  `stopAtSkipConnections`).
* **Memory**: every edge holds 8 operations' activations. Partial channels (PC-DARTS, `partialChannels(k, true)`)
  send only 1/k of the channels through the mix, with edge normalization to keep the derivation stable; and jnas
  estimates the memory before it allocates anything, refusing a run that cannot fit.
"""),
        code("""
boolean ci = "1".equals(System.getenv("JNAS_CI"));
int epochs = ci ? 2 : 4;               // search epochs
int searchImages = ci ? 600 : 2000;    // training images the search sees (half for weights, half for alphas)
long seed = 0;
"epochs=" + epochs + ", images=" + searchImages + ", seed=" + seed + (ci ? " (JNAS_CI)" : "")
"""),
        code("""
var space = Spaces.darts();
var data = Datasets.fashionMnist();           // the search uses the training split only
var search = DartsSearch.builder(space).channels(8).cells(5).partialChannels(2, true).batch(32)
        .epochs(epochs).trainImages(searchImages).stopAtSkipConnections(2).seed(seed)
        .onEpoch(e -> System.out.println(String.format("epoch %d: train acc %.3f, valid acc %.3f, %.0f s",
                e.epoch(), e.trainAccuracy(), e.validAccuracy(), e.seconds())))
        .build();
System.out.println("memory estimate: " + search.memoryEstimate(data.train()));
var result = search.run(data.train());
result
"""),
        md("""
## The alphas, epoch by epoch

One panel per edge of the normal cell (`i->j`: from node i to node j; 0 and 1 are the two previous cells'
outputs): the softmax weight of each candidate after each epoch. Skip connections (green) rising on every edge is
what collapse looks like. With few epochs the weights move only a little away from uniform (1/8), so the y
axis zooms in on them.
"""),
        code("""
var chart = AlphaChart.builder(result.candidates().get("normal")).columns(5)
        .title("normal cell: softmax(alpha) per epoch");
for (String edge : result.edgeLabels().get("normal")) {
    chart.edge(edge, result.alphaHistory("normal", edge).toArray(double[][]::new));
}
chart.build()
""", PNG),
        md("""
## The derived cells

Each intermediate node keeps its two strongest incoming edges, each edge its strongest operation other than
`none`: the DARTS derivation. The genotype is the usual text form, readable by `DartsSpace.fromGenotype`.
"""),
        code("""
System.out.println(result.genotype());
Pictures.of(space.freeze(result.architecture()))
""", SVG),
        md("""
## Retraining: the derived cell against a random cell

A search is only worth its cost if the cell it finds beats a cell picked at random. Both are trained the same way
(same network size, data, epochs and seed) and scored on the test split, which the search never saw.
"""),
        code("""
var retrain = Evaluators.train(data).network(new NetworkBuilder().channels(8).cells(3))
        .epochs(1).batchSize(32).trainLimit(ci ? 6000 : 10000).validationLimit(2000).build();
var randomCell = space.sample(new Random(seed + 100));
var found = retrain.test(space.freeze(result.architecture()), seed).orElseThrow();
var baseline = retrain.test(space.freeze(randomCell), seed).orElseThrow();
System.out.println("random cell: " + space.toGenotype(randomCell));
String.format("test accuracy after retraining (%s): DARTS cell %.4f (%.0f params), random cell %.4f (%.0f params)",
        retrain.describe(), found.metric("accuracy"), found.metric("params"), baseline.metric("accuracy"),
        baseline.metric("params"))
"""),
        md("""
## What the search cost

State it with every result: a search that looks cheap because its cost went unreported is the classic hidden cost.
"""),
        code("""
String.format("search: %.0f s wall-clock on %s, %d epochs (%s), memory estimate %s; retraining: %.0f s + %.0f s",
        result.searchSeconds(), ai.djl.engine.Engine.getInstance().defaultDevice(), result.epochs().size(),
        result.stopReason(), result.memory(), found.costSeconds(), baseline.costSeconds())
"""),
        md("""
## Scaling up

The published DARTS setting (16 channels, 8 cells, 50 epochs, batch 64, CIFAR-10) is a GPU job: on a GPU machine,
raise `channels`, `cells`, `epochs` and `trainImages` above and the engine picks the GPU by itself. `order(DartsSearch.Order.SECOND)`
switches to the second-order (unrolled) architecture gradient, at about twice the cost per step.
"""),
    ]


NOTEBOOKS = [
    ("00-quickstart.ipynb", quickstart),
    ("01-search-spaces.ipynb", search_spaces),
    ("02-evolution-pareto.ipynb", evolution_pareto),
    ("03-darts.ipynb", darts),
    ("04-nasbench201.ipynb", nasbench201),
    ("05-credible-results.ipynb", credible_results),
]


def write(name, cells):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "jnas", "display_name": "Java (jnas)", "language": "java"}
    nb.metadata["language_info"] = {"name": "java", "file_extension": ".jshell", "mimetype": "text/x-java-source"}
    path = os.path.join(NOTEBOOK_DIR, name)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return path


def main(prefixes):
    for name, make in NOTEBOOKS:
        if not prefixes or any(name.startswith(p) for p in prefixes):
            print("wrote", os.path.relpath(write(name, make()), os.getcwd()))


if __name__ == "__main__":
    main(sys.argv[1:])
