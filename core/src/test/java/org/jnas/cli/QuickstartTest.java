package org.jnas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jnas.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class QuickstartTest {

    @Test
    @Tag("slow")
    void trainsAndPrintsEachSampledArchitecture() {
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int ok = Quickstart.run(new Quickstart.Options(2, 256, 1), Datasets.fashionMnist(), out);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(2, ok, text);
        assertTrue(text.contains("accuracy") && text.contains("MACs") && text.contains("stem 16 ->"), text);
        assertEquals(2, text.lines().filter(l -> l.matches("^[12] +0\\.\\d{4} .*ms .*")).count(), text);
    }

    @Test
    void optionsAreCheckedWithAFix() {
        assertEquals(new Quickstart.Options(3, 1000, 42), Quickstart.Options.parse(new String[] {"--samples", "3",
            "--train", "1000"}));
        var e = assertThrows(IllegalArgumentException.class, () -> Quickstart.Options.parse(new String[] {"--x", "1"}));
        assertTrue(e.getMessage().contains("use --samples N"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Quickstart.Options.parse(new String[] {"--train", "0"}));
    }
}
