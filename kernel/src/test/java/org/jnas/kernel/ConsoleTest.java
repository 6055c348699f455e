package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16.4: the kernel from a terminal client. {@code jupyter console} (Debian's jupyter-console) prints only the
 * text/plain form of a result, so every rich jnas value needs a readable one; and completion after a dot offers
 * the jnas API's members, the value's own first.
 */
class ConsoleTest {
    @TempDir
    static Path temp;

    private static final String SEARCH = String.join("\n",
            "class Score implements Evaluator { public Evaluation evaluate(Architecture a, double f, long s) { return"
                    + " Evaluation.of(Map.of(\"accuracy\", (a.sample().toString().hashCode() & 0xffff) / 65535.0,"
                    + " \"params\", (double) a.sample().toString().length()), 0.001); } }",
            "var result = Search.of(Spaces.nasBench201()).strategy(Strategies.random()).evaluator(new Score())"
                    + ".objectives(Objective.maximize(\"accuracy\"), Objective.minimize(\"params\"))"
                    + ".budget(Budget.trials(12)).seed(1).baseline(Baseline.none()).run();",
            "result",
            "result.bestPicture()",
            "result.paretoChart()",
            "result.history()",
            "new java.awt.image.BufferedImage(4, 3, java.awt.image.BufferedImage.TYPE_INT_RGB)",
            "");

    @Test
    void richValuesReadAsTextInJupyterConsole() throws Exception {
        JupyterHarness jupyter = new JupyterHarness(temp);
        String out = jupyter.run(List.of("jupyter", "console", "--kernel", "jnas", "--simple-prompt",
                "--ZMQTerminalInteractiveShell.image_handler=None"), SEARCH, 300);
        System.out.println(out);
        assertTrue(out.contains("Out[3]: \nSearchResult: 12 trials (0 failed)"), out);
        assertTrue(out.contains("Pareto front ("), out);
        assertTrue(out.contains("Out[4]: CellDiagram cell["), out);
        assertTrue(out.contains("Out[5]: ParetoChart params (minimize) vs accuracy (maximize): 12 points"), out);
        assertTrue(out.contains("history of random") && out.contains("accuracy") && out.contains("status"), out);
        assertTrue(out.contains("Out[7]: image 4 x 3 px"), out);
        assertTrue(!out.contains("BufferedImage@"), "no Object.toString() for a picture: " + out);
    }

    @Test
    void completionAfterADotOffersTheJnasApi() throws Exception {
        JupyterHarness jupyter = new JupyterHarness(temp.resolve("completion"));
        String code = "Search.of(space).";
        List<JsonNode> replies = jupyter.drive(List.of(
                Map.of("op", "execute", "code", "var space = Spaces.nasBench201();"),
                Map.of("op", "complete", "code", code, "cursor", code.length()),
                Map.of("op", "complete", "code", "Strategies.regu", "cursor", 15)));
        List<String> matches = new ArrayList<>();
        replies.get(2).get("matches").forEach(m -> matches.add(m.asText()));
        assertEquals(code.length(), replies.get(2).get("cursor_start").asInt());
        for (String member : List.of("strategy(", "evaluator(", "objectives(", "budget(", "seed(", "run()")) {
            assertTrue(matches.contains(member), member + " in " + matches);
        }
        assertTrue(matches.indexOf("strategy(") < matches.indexOf("hashCode()"), "own members first: " + matches);
        List<String> strategies = new ArrayList<>();
        replies.get(3).get("matches").forEach(m -> strategies.add(m.asText()));
        assertEquals(List.of("regularizedEvolution("), strategies);
    }
}
