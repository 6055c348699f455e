package org.jnas.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tablesaw tables (search history, top-k architectures, a Pareto set) as HTML for notebooks and as aligned plain
 * text for terminals. Numbers are right-aligned and shown with four significant digits; long tables show their
 * head and tail around a "... n more rows ..." line.
 *
 * <pre>{@code
 * Table history = ...;                          // one row per trial
 * System.out.println(Tables.text(history));
 * Tables.view(Tables.topK(history, "accuracy", 5, ParetoChart.Direction.MAXIMIZE));  // notebook: HTML
 * }</pre>
 */
public final class Tables {
    /** Rows shown before a table is cut to its head and tail. */
    public static final int DEFAULT_MAX_ROWS = 40;

    private Tables() {
    }

    /**
     * The {@code k} best rows by {@code column}, best first, rows missing that value left out (a copy; the table
     * is untouched).
     */
    public static Table topK(Table table, String column, int k, ParetoChart.Direction direction) {
        Objects.requireNonNull(table, "table");
        if (!table.columnNames().contains(column)) {
            throw new IllegalArgumentException("table '" + table.name() + "' has no column '" + column
                    + "'; its columns are " + table.columnNames());
        }
        if (!(table.column(column) instanceof NumericColumn<?>)) {
            throw new IllegalArgumentException("column '" + column + "' is " + table.column(column).type()
                    + ", not numeric: top-k needs numbers to rank by");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        // rows without a value (failed trials) cannot rank: NaN would sort first
        Table ranked = table.dropWhere(((NumericColumn<?>) table.column(column)).isMissing());
        Table sorted = direction == ParetoChart.Direction.MAXIMIZE ? ranked.sortDescendingOn(column)
                : ranked.sortAscendingOn(column);
        Table top = sorted.first(Math.min(k, sorted.rowCount()));
        top.setName("top " + top.rowCount() + " by " + column + (table.name() == null ? "" : " of " + table.name()));
        return top;
    }

    /** Aligned plain text with the table's name as a heading. */
    public static String text(Table table) {
        return text(table, DEFAULT_MAX_ROWS);
    }

    public static String text(Table table, int maxRows) {
        Objects.requireNonNull(table, "table");
        List<Column<?>> cols = table.columns();
        List<Integer> rows = shownRows(table.rowCount(), maxRows);
        int[] widths = new int[cols.size()];
        var cells = new ArrayList<String[]>();
        for (int c = 0; c < cols.size(); c++) {
            widths[c] = cols.get(c).name().length();
        }
        for (int r : rows) {
            String[] line = new String[cols.size()];
            for (int c = 0; c < cols.size(); c++) {
                line[c] = r < 0 ? "" : format(cols.get(c), r);
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        var sb = new StringBuilder();
        if (table.name() != null && !table.name().isBlank()) {
            sb.append(table.name()).append(" (").append(table.rowCount()).append(" rows)\n");
        }
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append(pad(cols.get(c).name(), widths[c], isNumeric(cols.get(c))));
        }
        sb.append('\n');
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
        }
        sb.append('\n');
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) < 0) {
                sb.append("... ").append(-rows.get(i)).append(" more rows ...\n");
                continue;
            }
            String[] line = cells.get(i);
            for (int c = 0; c < cols.size(); c++) {
                sb.append(c == 0 ? "" : "  ").append(pad(line[c], widths[c], isNumeric(cols.get(c))));
            }
            sb.append('\n');
        }
        return stripTrailingSpaces(sb.toString());
    }

    /** An HTML {@code <table>} for notebooks, numbers right-aligned, the name as caption. */
    public static String html(Table table) {
        return html(table, DEFAULT_MAX_ROWS);
    }

    public static String html(Table table, int maxRows) {
        Objects.requireNonNull(table, "table");
        List<Column<?>> cols = table.columns();
        var sb = new StringBuilder("<table class=\"jnas-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<caption>").append(escape(table.name())).append(" (").append(table.rowCount())
                    .append(" rows)</caption>\n");
        }
        sb.append("<thead><tr>");
        for (Column<?> c : cols) {
            sb.append(isNumeric(c) ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">")
                    .append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r : shownRows(table.rowCount(), maxRows)) {
            sb.append("<tr>");
            if (r < 0) {
                sb.append("<td colspan=\"").append(cols.size()).append("\" style=\"text-align:center\">... ")
                        .append(-r).append(" more rows ...</td></tr>\n");
                continue;
            }
            for (Column<?> c : cols) {
                sb.append(isNumeric(c) ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(escape(format(c, r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    /** The table as something a notebook shows as HTML and a terminal as text. */
    public static TableView view(Table table) {
        return new TableView(html(table), text(table));
    }

    /** A rendered table: HTML in notebooks, aligned text elsewhere. */
    public record TableView(String html, String text) implements Displayable {
        @Override
        public Map<String, Object> mimeBundle() {
            return Map.of("text/html", html, "text/plain", text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Row indices to show; a negative entry -n stands for "n rows left out". */
    private static List<Integer> shownRows(int rowCount, int maxRows) {
        if (maxRows < 2) {
            throw new IllegalArgumentException("maxRows must be at least 2, got " + maxRows);
        }
        var rows = new ArrayList<Integer>();
        if (rowCount <= maxRows) {
            for (int r = 0; r < rowCount; r++) {
                rows.add(r);
            }
            return rows;
        }
        int head = maxRows / 2;
        int tail = maxRows - head;
        for (int r = 0; r < head; r++) {
            rows.add(r);
        }
        rows.add(-(rowCount - head - tail));
        for (int r = rowCount - tail; r < rowCount; r++) {
            rows.add(r);
        }
        return rows;
    }

    private static boolean isNumeric(Column<?> c) {
        return c instanceof NumericColumn<?>;
    }

    /** A cell as text: missing values empty, doubles to four significant digits. */
    static String format(Column<?> column, int row) {
        if (column.isMissing(row)) {
            return "";
        }
        if (column.type() == ColumnType.DOUBLE || column.type() == ColumnType.FLOAT) {
            return formatNumber(((NumericColumn<?>) column).getDouble(row));
        }
        return column.getString(row);
    }

    static String formatNumber(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e9) {
            return String.valueOf((long) v);
        }
        if (a >= 1e6 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v);
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }

    private static String stripTrailingSpaces(String s) {
        return s.replaceAll("(?m) +$", "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
