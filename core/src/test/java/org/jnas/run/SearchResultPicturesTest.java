package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jnas.eval.benchmark.NasBench201;
import org.jnas.render.ParetoChart;
import org.jnas.space.Spaces;
import org.jnas.strategy.Objective;
import org.jnas.strategy.Strategies;
import org.jnas.strategy.Trial;
import org.junit.jupiter.api.Test;

/** What a notebook shows of a search result: the front drawn is the front computed, the best cell is drawn. */
class SearchResultPicturesTest {

    private static SearchResult search(long seed, int trials, Objective... objectives) {
        return Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(NasBench201.load())
                .objectives(objectives).budget(Budget.trials(trials)).seed(seed).baseline(Baseline.none()).run();
    }

    @Test
    void paretoChartFrontIsTheSearchsParetoFront() {
        SearchResult r = search(3, 60, Objective.maximize("accuracy"), Objective.minimize("latency_ms_pixel3"));
        ParetoChart chart = r.paretoChart();
        var drawn = chart.front().stream().map(ParetoChart.Point::label).collect(Collectors.toSet());
        var computed = r.pareto().stream().map(t -> "#" + t.id()).collect(Collectors.toSet());
        assertEquals(computed, drawn);
        assertEquals(60, chart.points().size());
        byte[] png = chart.png();
        assertTrue(png.length > 1000);
    }

    @Test
    void underSuccessiveHalvingTheChartsFrontIsStillTheSearchsFront() {
        // low-fidelity screenings of a sample must not make the chart's front differ from the report's
        SearchResult r = Search.of(Spaces.nasBench201()).strategy(Strategies.successiveHalving())
                .evaluator(NasBench201.load()).objectives(Objective.maximize("accuracy"), Objective.minimize("params"))
                .budget(Budget.trials(60)).seed(5).baseline(Baseline.none()).run();
        assertTrue(r.trials().stream().anyMatch(t -> t.fidelity() < 1), "successive halving screened cheaply");
        var drawn = r.paretoChart().front().stream().map(ParetoChart.Point::label).collect(Collectors.toSet());
        assertEquals(r.pareto().stream().map(t -> "#" + t.id()).collect(Collectors.toSet()), drawn);
    }

    @Test
    void paretoChartDrawsAnotherSearchForComparisonWithItsOwnFront() {
        SearchResult evo = Search.of(Spaces.nasBench201()).strategy(Strategies.nsga2()).evaluator(NasBench201.load())
                .objectives(Objective.maximize("accuracy"), Objective.minimize("params")).budget(Budget.trials(40))
                .seed(1).baseline(Baseline.none()).run();
        SearchResult random = search(1, 40, Objective.maximize("accuracy"), Objective.minimize("params"));
        ParetoChart chart = evo.paretoChart(random);
        var series = chart.xyChart().getSeriesMap();
        String name = random.strategyName() + " (40 feasible trials)";
        assertEquals(40, series.get(name).getXData().length, series.keySet().toString());
        // the reference's front is its own, computed the same way as the search's
        assertEquals(random.pareto().size(), series.get(random.strategyName() + ": front").getXData().length);
        // this chart's points and front stay the search's own
        assertEquals(40, chart.points().size());
        assertEquals(evo.pareto().stream().map(t -> "#" + t.id()).collect(Collectors.toSet()),
                chart.front().stream().map(ParetoChart.Point::label).collect(Collectors.toSet()));
        assertTrue(chart.describe().contains("for comparison"), chart.describe());
    }

    @Test
    void bestPictureDrawsTheBestCellAndComparisonHasOneBandPerStrategy() throws Exception {
        SearchResult r = search(4, 20, Objective.maximize("accuracy"));
        String svg = r.bestPicture().svg();
        Trial best = r.best();
        for (Object op : new HashSet<>(best.sample().values().values())) {
            if (!op.equals("none")) {
                assertTrue(svg.contains(op.toString()), "best cell's SVG shows op " + op);
            }
        }
        var chart = SearchResult.compare(Map.of("random", List.of(r, search(5, 20, Objective.maximize("accuracy")))));
        assertEquals(1, chart.bands().size());
        assertEquals(2, chart.bands().get("random").runs());
        assertThrows(IllegalStateException.class, r::paretoChart, "one objective has no Pareto chart");
        assertTrue(r.historyView().html().contains("<table"));
    }
}
