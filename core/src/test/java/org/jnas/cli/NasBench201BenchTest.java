package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NasBench201BenchTest {

    private static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = BenchCommand.run(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new String[] {String.valueOf(code), o.toString(StandardCharsets.UTF_8),
                e.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void printsTheB2LineWithMeanAndStdOfTestAccuracyInPercent() {
        String[] r = run("nasbench201", "--strategy", "evolution", "--budget", "30", "--seeds", "5");
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("MEAN_TEST_ACC strategy=evolution budget=30 seeds=5 mean=(\\d+\\.\\d\\d)"
                + " std=(\\d+\\.\\d\\d)\\nVS_RANDOM strategy=evolution random_mean=(\\d+\\.\\d\\d)"
                + " difference ([-+]\\d+\\.\\d+) \\[95% CI [^\\]]+\\], Welch p=[^ ]+ \\(n=5 vs n=5\\):"
                + " (beyond noise|within noise.*)\\n").matcher(r[1]);
        assertTrue(m.matches(), r[1]);
        double mean = Double.parseDouble(m.group(1));
        assertTrue(mean > 85 && mean <= 94.37, r[1]);
        assertTrue(Double.parseDouble(m.group(2)) > 0, r[1]);
        // B2 compares with random search on the same budget and seeds, and says whether the gap is beyond noise
        double random = Double.parseDouble(m.group(3));
        assertEquals(mean - random, Double.parseDouble(m.group(4)), 0.006, r[1]);
        String[] alone = run("nasbench201", "--strategy", "random", "--budget", "30", "--seeds", "5");
        assertTrue(alone[1].startsWith("MEAN_TEST_ACC strategy=random budget=30 seeds=5 mean=" + m.group(3) + " ")
                && !alone[1].contains("VS_RANDOM"), "random search is the reference, same figures: " + alone[1]);
        // same seeds, same figures
        assertEquals(r[1], run("nasbench201", "--strategy", "evolution", "--budget", "30", "--seeds", "5")[1]);
    }

    @Test
    void aCostBudgetPrintsTheIntervalAndHowManyQueriesItBought() {
        // 30 mean queries' worth of estimated training (109.2 s each on average)
        String[] r = run("nasbench201", "--strategy", "evolution", "--cost-budget", "3276", "--seeds", "5");
        assertEquals("0", r[0], r[2]);
        Matcher m = Pattern.compile("MEAN_TEST_ACC strategy=evolution cost_budget=3276 seeds=5 mean=(\\d+\\.\\d\\d)"
                + " std=(\\d+\\.\\d\\d) ci95=\\[(\\d+\\.\\d\\d),(\\d+\\.\\d\\d)\\] queries=(\\d+\\.\\d)\\nVS_RANDOM .*"
                + "\\(n=5 vs n=5\\): .*\\n")
                .matcher(r[1]);
        assertTrue(m.matches(), r[1]);
        double mean = Double.parseDouble(m.group(1));
        assertTrue(Double.parseDouble(m.group(3)) < mean && mean < Double.parseDouble(m.group(4)), r[1]);
        double queries = Double.parseDouble(m.group(5));
        assertTrue(queries > 20 && queries < 45, "about 30 queries of average cost: " + r[1]);
        assertEquals("2", run("nasbench201", "--strategy", "evolution", "--budget", "30", "--cost-budget", "3000",
                "--seeds", "2")[0], "one budget, not both");
    }

    @Test
    void badArgumentsExplainUsage() {
        String[] r = run("nasbench201", "--strategy", "simulated-annealing", "--budget", "30", "--seeds", "5");
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("unknown strategy 'simulated-annealing'") && r[2].contains("usage"), r[2]);
        assertEquals("2", run("nasbench201", "--budget", "30")[0]);
        assertEquals("2", run("nasbench301")[0]);
    }
}
