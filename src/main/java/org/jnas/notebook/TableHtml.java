package org.jnas.notebook;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as a compact HTML table for notebooks: histories and reports can run to thousands of
 * rows, so only the first and last rows are drawn, with a note of how many were left out.
 */
public final class TableHtml {
    /** Rows drawn before eliding the middle of a long table. */
    public static final int DEFAULT_MAX_ROWS = 30;

    private TableHtml() {
    }

    public static String of(Table table) {
        return of(table, DEFAULT_MAX_ROWS);
    }

    /** Draws at most {@code maxRows} rows: the first ones and the last five. */
    public static String of(Table table, int maxRows) {
        if (maxRows < 6) {
            throw new IllegalArgumentException("maxRows must be at least 6 to show a head and a tail, got " + maxRows);
        }
        int rows = table.rowCount();
        int tail = rows > maxRows ? 5 : 0;
        int head = rows > maxRows ? maxRows - tail : rows;
        StringBuilder sb = new StringBuilder("<table class=\"jnas-table\" style=\"border-collapse:collapse\">");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<caption style=\"text-align:left\"><b>").append(SearchProgress.escape(table.name()))
                    .append("</b> (").append(rows).append(" rows)</caption>");
        }
        sb.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            sb.append("<th style=\"text-align:right;padding:2px 8px\">").append(SearchProgress.escape(column.name()))
                    .append("</th>");
        }
        sb.append("</tr></thead><tbody>");
        for (int r = 0; r < head; r++) {
            row(sb, table, r);
        }
        if (tail > 0) {
            sb.append("<tr><td colspan=\"").append(table.columnCount())
                    .append("\" style=\"text-align:center;color:#6b7280\">&hellip; ")
                    .append(rows - head - tail).append(" more rows &hellip;</td></tr>");
            for (int r = rows - tail; r < rows; r++) {
                row(sb, table, r);
            }
        }
        return sb.append("</tbody></table>").toString();
    }

    private static void row(StringBuilder sb, Table table, int r) {
        sb.append("<tr>");
        for (Column<?> column : table.columns()) {
            sb.append("<td style=\"text-align:right;padding:2px 8px\">")
                    .append(SearchProgress.escape(column.getString(r))).append("</td>");
        }
        sb.append("</tr>");
    }
}
