package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A text table with a header and aligned columns, for command output:
 *
 * <pre>{@code
 * Table.of("PID", "NAME").alignRight(0).row(7, "demo").print(out, "no processes");
 * }</pre>
 *
 * Columns are separated by two spaces; {@code null} cells print as {@code -}; line breaks and
 * tabs inside a cell become spaces so that every row stays one line, and other control characters
 * (ANSI escape sequences) are shown escaped. The aligned form cuts a cell to {@value #MAX_CELL}
 * characters, so that one long value does not pad every row to its width; the plain form, for
 * scripts, is one tab-separated line per row without the header, its cells whole.
 */
public final class Table {

    static final String GAP = "  ";
    static final String ABSENT = "-";
    /** The widest cell of an aligned table. */
    static final int MAX_CELL = 100;
    private static final Pattern LINE_BREAK_OR_TAB = Pattern.compile("\\R|\\t");

    private final List<String> headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    private Table(List<String> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = headers;
        this.right = new boolean[headers.size()];
    }

    public static Table of(String... headers) {
        return new Table(List.of(headers));
    }

    /** Right-aligns the given columns (0-based), as numbers read best. */
    public Table alignRight(int... columns) {
        for (int column : columns) {
            if (column < 0 || column >= right.length) {
                throw new IllegalArgumentException("no column " + column + " in a table of " + right.length);
            }
            right[column] = true;
        }
        return this;
    }

    /**
     * Adds a row.
     *
     * @throws IllegalArgumentException if the number of cells differs from the number of columns
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(
                    "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cell(cells[i]);
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** @return the number of rows, not counting the header */
    public int size() {
        return rows.size();
    }

    /** @return the header line followed by one line per row, without trailing spaces */
    public List<String> lines() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
        }
        List<String[]> cut = new ArrayList<>(rows.size());
        for (String[] row : rows) {
            String[] cells = new String[row.length];
            for (int i = 0; i < row.length; i++) {
                cells[i] = Names.bounded(row[i], MAX_CELL);
                widths[i] = Math.max(widths[i], cells[i].length());
            }
            cut.add(cells);
        }
        List<String> lines = new ArrayList<>(rows.size() + 1);
        lines.add(line(headers.toArray(String[]::new), widths));
        cut.forEach(row -> lines.add(line(row, widths)));
        return List.copyOf(lines);
    }

    /** @return one line per row, cells separated by a tab, no header, no padding */
    public List<String> plainLines() {
        List<String> lines = new ArrayList<>(rows.size());
        rows.forEach(row -> lines.add(String.join("\t", row)));
        return List.copyOf(lines);
    }

    /** Prints the table, or {@code whenEmpty} alone if it has no rows. */
    public void print(PrintStream out, String whenEmpty) {
        print(out, whenEmpty, false);
    }

    /**
     * Prints the table aligned with its header, or {@code whenEmpty} alone if it has no rows; or,
     * if {@code plain}, its {@link #plainLines()}, which are none at all for an empty table so
     * that a script reads no rows.
     */
    public void print(PrintStream out, String whenEmpty, boolean plain) {
        if (plain) {
            plainLines().forEach(out::println);
        } else if (isEmpty()) {
            out.println(whenEmpty);
        } else {
            lines().forEach(out::println);
        }
    }

    @Override
    public String toString() {
        return String.join(System.lineSeparator(), lines());
    }

    private String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(GAP);
            }
            String padding = " ".repeat(widths[i] - cells[i].length());
            if (right[i]) {
                line.append(padding).append(cells[i]);
            } else {
                line.append(cells[i]).append(padding);
            }
        }
        return line.toString().stripTrailing();
    }

    private static String cell(Object value) {
        if (value == null) {
            return ABSENT;
        }
        return Names.escape(LINE_BREAK_OR_TAB.matcher(value.toString()).replaceAll(" "));
    }
}
