package org.jnas.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    static Table history() {
        return Table.create("history",
                IntColumn.create("trial", 0, 1, 2, 3),
                StringColumn.create("architecture", "|nor_conv_3x3~0|", "|skip_connect~0|", "<b>x</b>", "|none~0|"),
                DoubleColumn.create("accuracy", 91.23456, 88.5, 93.0, Double.NaN),
                DoubleColumn.create("params", 1_234_567.5, 0.0004, 12.0, 3.25));
    }

    @Test
    void textAlignsColumnsAndShowsEveryRow() {
        String text = Tables.text(history());
        List<String> lines = text.lines().toList();
        assertEquals("history (4 rows)", lines.get(0));
        assertEquals(2 + 4, lines.size() - 1, text);
        assertTrue(text.contains("|nor_conv_3x3~0|") && text.contains("|none~0|"));
        assertTrue(text.contains("91.23") && text.contains("1.235e+06") && text.contains("4.000e-04"), text);
        // numbers right-aligned: the accuracy column's cells end where its header ends
        String header = lines.get(1);
        int accuracyEnd = header.indexOf("accuracy") + "accuracy".length();
        for (String row : List.of(lines.get(3), lines.get(4), lines.get(5))) {
            assertTrue(Character.isDigit(row.charAt(accuracyEnd - 1)) && row.charAt(accuracyEnd) == ' ',
                    "accuracy not right-aligned in '" + row + "'");
        }
        // a missing value stays empty rather than printing NaN
        assertTrue(!text.contains("NaN"), text);
    }

    @Test
    void htmlHasOneRowPerTableRowAndEscapesText() {
        String html = Tables.html(history());
        assertEquals(1 + 4, html.split("<tr>", -1).length - 1, html);
        assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"));
        assertTrue(html.contains("<caption>history (4 rows)</caption>"));
        assertTrue(html.contains("<td style=\"text-align:right\">93</td>"), html);
        var view = Tables.view(history());
        assertEquals(html, view.mimeBundle().get("text/html"));
        assertEquals(Tables.text(history()), view.toString());
    }

    @Test
    void topKRanksByTheColumnInTheGivenDirection() {
        Table top = Tables.topK(history(), "accuracy", 2, ParetoChart.Direction.MAXIMIZE);
        assertEquals(List.of(2, 0), top.intColumn("trial").asList());
        Table smallest = Tables.topK(history(), "params", 3, ParetoChart.Direction.MINIMIZE);
        assertEquals(List.of(1, 3, 2), smallest.intColumn("trial").asList());
        assertEquals(4, history().rowCount(), "the input table is left alone");
        var missing = assertThrows(IllegalArgumentException.class, () -> Tables.topK(history(), "acc", 2,
                ParetoChart.Direction.MAXIMIZE));
        assertTrue(missing.getMessage().contains("[trial, architecture, accuracy, params]"));
        assertThrows(IllegalArgumentException.class, () -> Tables.topK(history(), "architecture", 2,
                ParetoChart.Direction.MAXIMIZE));
    }

    @Test
    void longTablesShowHeadAndTail() {
        IntColumn ids = IntColumn.create("id");
        for (int i = 0; i < 100; i++) {
            ids.append(i);
        }
        Table t = Table.create("long", ids);
        String text = Tables.text(t, 10);
        assertTrue(text.contains("... 90 more rows ..."), text);
        List<String> numbers = text.lines().map(String::trim).filter(l -> l.matches("\\d+")).toList();
        assertEquals(List.of("0", "1", "2", "3", "4", "95", "96", "97", "98", "99"), numbers);
        assertTrue(Tables.html(t, 10).contains("90 more rows"));
    }
}
