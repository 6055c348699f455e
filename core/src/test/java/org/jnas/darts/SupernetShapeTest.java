package org.jnas.darts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shapes are built by name; what is not set keeps the B1 benchmark's value, and bad sizes fail naming the fix. */
class SupernetShapeTest {

    @Test
    void namedSizesChangeOnlyWhatTheyName() {
        SupernetShape s = SupernetShape.builder().channels(16).partialChannels(4, true).input(3, 32, 32, 100).build();
        assertEquals(16, s.channels());
        assertEquals(4, s.partialChannels());
        assertTrue(s.edgeNormalization());
        assertEquals(3, s.inputChannels());
        assertEquals(32, s.height());
        assertEquals(100, s.classes());
        assertEquals(SupernetShape.benchmark().cells(), s.cells());
        assertEquals(SupernetShape.benchmark().stemMultiplier(), s.stemMultiplier());
        assertEquals(SupernetShape.benchmark(), SupernetShape.builder().build());
        assertEquals(s, s.toBuilder().build());
        assertEquals(s.withCells(8), s.toBuilder().cells(8).build());
    }

    @Test
    void partialChannelsThatDoNotDivideTheChannelsAreRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SupernetShape.builder().channels(8).partialChannels(3, true).build());
        assertTrue(e.getMessage().contains("K=3") && e.getMessage().contains("C=8"), e.getMessage());
    }
}
