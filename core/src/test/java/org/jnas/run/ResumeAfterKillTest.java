package org.jnas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a real search process with SIGKILL midway, runs the same command again, and compares with a clean run. */
class ResumeAfterKillTest {

    private static Process start(Path journal, int budget, long delay) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ResumableSearchMain.class.getName(), journal.toString(),
                String.valueOf(budget), String.valueOf(delay));
        pb.directory(new File(System.getProperty("user.dir")));
        pb.redirectErrorStream(true);
        pb.redirectOutput(journal.resolveSibling("process.log").toFile());
        return pb.start();
    }

    @Test
    void aSearchKilledWithSigkillResumesToTheSameResultAsAnUninterruptedRun(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("evo.jsonl");
        int budget = 60;
        Process first = start(journal, budget, 40);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lines(journal) < 20 && first.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the search ended before it could be killed: " + log(dir));
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int linesAtKill = lines(journal);
        assertTrue(linesAtKill > 10 && linesAtKill < budget + 1, "journal lines at kill: " + linesAtKill);

        Process second = start(journal, budget, 0);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "resumed search did not finish: " + log(dir));
        assertEquals(0, second.exitValue(), log(dir));

        SearchResult resumed = ResumableSearchMain.search(journal, budget, 0).run(); // everything replayed
        SearchResult clean = ResumableSearchMain.search(dir.resolve("clean.jsonl"), budget, 0).run();
        assertEquals(budget, resumed.trials().size());
        assertEquals(clean.trials(), resumed.trials());
        assertEquals(clean.best(), resumed.best());
        assertEquals(budget + 1, lines(journal), "one header and one line per trial, nothing twice");
    }

    private static int lines(Path file) throws Exception {
        return Files.exists(file) ? (int) Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count() : 0;
    }

    private static String log(Path dir) throws Exception {
        Path log = dir.resolve("process.log");
        return Files.exists(log) ? String.join("\n", Files.readAllLines(log)) : "(no log)";
    }

}
