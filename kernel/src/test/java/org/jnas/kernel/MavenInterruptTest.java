package org.jnas.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interrupting a cell stops a {@code %maven} resolution that hangs (a slow or unreachable repository). */
class MavenInterruptTest {
    @TempDir
    Path temp;

    @Test
    void interruptStopsAHangingMavenAndTheNextCellRuns() throws Exception {
        var jupyter = new JupyterHarness(temp);
        // a Maven that never answers, as with a repository that does not respond
        Path mvn = temp.resolve("hanging-maven/bin/mvn");
        Files.createDirectories(mvn.getParent());
        Files.writeString(mvn, "#!/bin/sh\nsleep 600\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<JsonNode> replies = jupyter.drive(List.of(
                Map.of("op", "execute", "code", "%maven org.example:slow:1.0", "interrupt_after", 2),
                Map.of("op", "execute", "code", "\"next\"")),
                Map.of("MAVEN_HOME", temp.resolve("hanging-maven").toString()));
        JsonNode stopped = replies.get(1);
        assertEquals("error", stopped.get("status").asText());
        assertTrue(stopped.get("outputs").get(0).get("evalue").asText().contains("interrupted"), stopped.toString());
        assertTrue(stopped.get("seconds").asDouble() < 30, "stopped, not waited out: " + stopped.get("seconds"));
        assertEquals("next", replies.get(2).get("outputs").get(0).get("data").get("text/plain").asText());
    }
}
