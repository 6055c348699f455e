package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a real jnas kernel, started by jupyter_client, gets malformed messages of every kind on every port
 * (bad, missing and borrowed signatures, replays, garbage and truncated frames, invalid JSON in each part, unknown
 * types, known requests with missing or ill-typed fields, seeded random damage, raw non-ZeroMQ bytes, junk to the
 * heartbeat, iopub and stdin), each followed by a valid execute request (fuzz_kernel.py). Nothing malformed may run,
 * every valid request must be served, and the kernel's log must say what it dropped without showing the key.
 */
class KernelFuzzTest {
    @TempDir
    static Path temp;
    static JsonNode report;
    static String kernelLog;
    static final List<JsonNode> CASES = new ArrayList<>();

    @BeforeAll
    static void fuzz() throws Exception {
        JupyterHarness jupyter = new JupyterHarness(temp);
        Path stderr = temp.resolve("kernel-stderr.log");
        String out = jupyter.run(List.of("/usr/bin/python3",
                jupyter.kernelDir.resolve("src/test/python/fuzz_kernel.py").toString(), "jnas", stderr.toString(), "20"),
                null, 600);
        report = JupyterHarness.JSON.readTree(out);
        report.get("cases").forEach(CASES::add);
        kernelLog = Files.readString(stderr);
        // the closing note of issue 20 lists these: what was sent where, and what the kernel did
        for (JsonNode c : CASES) {
            System.out.printf("%-8s %-60s -> %s%n", c.get("channel").asText(), c.get("kind").asText(),
                    c.get("outcome").asText());
        }
    }

    @Test
    void everyValidRequestAfterAMalformedOneIsServed() {
        assertTrue(CASES.size() > 100, "cases sent: " + CASES.size());
        for (JsonNode c : CASES) {
            assertTrue(c.get("next_ok").asBoolean(), "the execute request after this one failed: " + c);
        }
        assertTrue(report.get("heartbeat_ok").asBoolean(), "the heartbeat still echoes");
        assertFalse(report.get("alive_after_shutdown").asBoolean(), "a shutdown request still ends the kernel");
    }

    @Test
    void noMalformedBadlySignedOrReplayedRequestRuns() {
        // fuzzRuns: every malformed execute request increments it; replayRuns: a valid request increments it once on
        // shell and once on control, then its replay on the same channel must be refused
        assertEquals("0 2", report.get("counters").asText());
        assertEquals(0, report.get("unexpected_execute_inputs").size(), report.get("unexpected_execute_inputs").toString());
    }

    @Test
    void requestsWithBadContentGetAnErrorReplyTheRestNoReply() {
        for (JsonNode c : CASES) {
            String outcome = c.get("outcome").asText();
            if (c.path("expect_reply").asBoolean()) {
                assertTrue(outcome.matches("reply \\w+_reply error BadRequest"), c.toString());
            } else if (!c.get("channel").asText().matches("stdin|hb")) {
                assertEquals("no reply", outcome, c.toString());
            }
        }
    }

    @Test
    void stdinTakesOnlyTheRealAnswer() {
        assertEquals("the real answer", report.get("stdin").asText());
    }

    @Test
    void eachDroppedMessageIsLoggedWithItsChannelButNeverTheKey() {
        assertFalse(report.get("key_in_log").asBoolean(), "the connection key must never be logged");
        assertTrue(kernelLog.contains("shell channel: dropped a message: invalid signature"), kernelLog);
        assertTrue(kernelLog.contains("control channel: dropped a message: replayed"), kernelLog);
        assertTrue(kernelLog.contains("shell channel: rejected a request with an error reply: execute_request with no 'code'"),
                kernelLog);
        assertTrue(kernelLog.contains("stdin channel: dropped a message"), kernelLog);
        long lines = kernelLog.lines().filter(l -> l.contains("channel: dropped a message")
                || l.contains("channel: rejected a request")).count();
        // every Jupyter message sent to shell, control or stdin is logged (raw TCP bytes never become messages)
        long messages = CASES.stream().filter(c -> c.get("channel").asText().matches("shell|control|stdin")
                && !c.get("kind").asText().startsWith("raw TCP")).count();
        assertTrue(lines >= messages, "one line per bad message: " + lines + " lines for " + messages + " messages");
        assertFalse(kernelLog.contains("Exception in thread"), "no channel thread died:\n" + kernelLog);
    }
}
