package org.jnas.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotebookTest {

    /** A backend that records what a kernel would have been asked to show. */
    static final class RecordingBackend implements NotebookBackend {
        final List<String> calls = new ArrayList<>();

        @Override
        public String display(Object value) {
            calls.add("display " + value);
            return "id" + calls.size();
        }

        @Override
        public void update(String displayId, Object value) {
            calls.add("update " + displayId + " " + value);
        }
    }

    @AfterEach
    void uninstall() {
        Notebook.install(null);
    }

    private static String captureStdout(Runnable action) {
        PrintStream old = System.out;
        var bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void outsideAKernelDisplayPrintsPlainTextAndUpdatesAreDropped() {
        assertFalse(Notebook.isActive());
        var progress = new SearchProgress("Search", 3, 10, "accuracy", 0.5, Duration.ofSeconds(3));
        String printed = captureStdout(() -> {
            DisplayHandle handle = Notebook.display(progress);
            assertNull(handle.displayId());
            handle.update("ignored");
        });
        assertEquals(progress.plainText() + System.lineSeparator(), printed);
    }

    @Test
    void insideAKernelDisplayAndUpdateGoToTheBackendWithOneId() {
        var backend = new RecordingBackend();
        Notebook.install(backend);
        assertTrue(Notebook.isActive());
        DisplayHandle handle = Notebook.display("first");
        handle.update("second");
        assertEquals(List.of("display first", "update id1 second"), backend.calls);
        Notebook.uninstall(backend);
        assertFalse(Notebook.isActive());
    }

    @Test
    void progressEstimatesRemainingTimeFromThePaceSoFar() {
        var p = new SearchProgress("Evolution", 12, 30, "accuracy", 0.84123, Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(90), p.remaining().orElseThrow());
        assertEquals("Evolution: 12/30 trials (40%) | best accuracy 0.8412 | elapsed 1m 00s | left ~1m 30s",
                p.plainText());
        String html = p.html();
        assertTrue(html.contains("width:40.0%"), html);
        assertTrue(html.contains("~1m 30s"), html);
        assertTrue(new SearchProgress("s", 0, 30, "", Double.NaN, Duration.ZERO).remaining().isEmpty());
        assertTrue(new SearchProgress("s", 5, 0, "", 1, Duration.ofSeconds(1)).remaining().isEmpty());
        // a time or cost budget: the share spent drives the estimate
        var timed = new SearchProgress("s", 7, 0, 0.25, "loss", 0.3, Duration.ofMinutes(5));
        assertEquals(Duration.ofMinutes(15), timed.remaining().orElseThrow());
        assertTrue(timed.plainText().startsWith("s: 7 trials (25% of the budget)"), timed.plainText());
        assertThrows(IllegalArgumentException.class, () -> new SearchProgress("s", 1, 0, 1.5, "", 1, Duration.ZERO));
        var tooMany = assertThrows(IllegalArgumentException.class,
                () -> new SearchProgress("s", 31, 30, "", 1, Duration.ZERO));
        assertTrue(tooMany.getMessage().contains("exceeds the budget"), tooMany.getMessage());
    }

    @Test
    void liveProgressRedrawsInPlaceAtMostOncePerIntervalAndAlwaysAtTheEnd() {
        var backend = new RecordingBackend();
        Notebook.install(backend);
        var clock = new AtomicLong(0);
        var live = new LiveProgress("Search", 4, "accuracy", 100, clock::get);
        clock.set(50_000_000L);      // 50 ms: too soon, not drawn
        live.update(1, 0.5);
        clock.set(150_000_000L);     // 150 ms: drawn
        live.update(2, 0.7);
        live.update(3, 0.8);         // same instant: not drawn
        SearchProgress last = live.finish(4, 0.9);
        live.update(4, 1.0);         // after finish: ignored
        assertEquals(3, backend.calls.size(), backend.calls.toString());
        assertTrue(backend.calls.get(0).startsWith("display Search: 0/4"), backend.calls.get(0));
        assertTrue(backend.calls.get(1).startsWith("update id1 Search: 2/4"), backend.calls.get(1));
        assertTrue(backend.calls.get(2).startsWith("update id1 Search: 4/4"), backend.calls.get(2));
        assertTrue(last.finished());
        assertEquals(0.9, live.current().best());
    }

    @Test
    void liveProgressInATerminalPrintsOnlyTheFinalLine() {
        String printed = captureStdout(() -> {
            var live = LiveProgress.start("Search", 2, "loss");
            live.update(1, 0.3);
            live.finish(2, 0.25);
        });
        assertTrue(printed.startsWith("Search: 2/2 trials (100%) | best loss 0.2500"), printed);
        assertEquals(1, printed.lines().count(), printed);
    }
}
