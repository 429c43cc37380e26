package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.Test;

public class TableTest {

    @Test
    public void columnsAreAsWideAsTheirWidestCellAndSeparatedByTwoSpaces() {
        List<String> lines = Table.of("PID", "NAME", "STATE")
                .row(7, "demo", "RUNNING")
                .row(12, "a-much-longer-name", "TERMINATING")
                .lines();

        assertEquals(List.of(
                "PID  NAME                STATE",
                "7    demo                RUNNING",
                "12   a-much-longer-name  TERMINATING"), lines);
    }

    @Test
    public void rightAlignedColumnsLineNumbersUpOnTheirLastDigit() {
        List<String> lines = Table.of("PID", "NAME", "BYTES").alignRight(0, 2)
                .row(7, "demo", 1)
                .row(1234, "x", 1048576)
                .lines();

        assertEquals(List.of(
                " PID  NAME    BYTES",
                "   7  demo        1",
                "1234  x     1048576"), lines);
    }

    @Test
    public void nullCellsPrintAsDashAndNoLineEndsInSpaces() {
        List<String> lines = Table.of("NAME", "OS-PID", "NOTE").row("demo", null, "").lines();

        assertEquals("demo  -", lines.get(1));
        lines.forEach(line -> assertEquals(line.stripTrailing(), line));
    }

    @Test
    public void lineBreaksAndTabsInsideACellBecomeSpaces() {
        List<String> lines = Table.of("TYPE", "RESULT").row("files", "failed:\r\nboom\tagain").lines();

        assertEquals(2, lines.size());
        assertEquals("files  failed: boom again", lines.get(1));
    }

    @Test
    public void anEmptyTablePrintsItsMessageInsteadOfAHeader() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Table table = Table.of("PID", "NAME");

        table.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "no processes");

        assertTrue(table.isEmpty());
        assertEquals("no processes" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aFilledTablePrintsHeaderAndRows() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Table.of("A", "B").row(1, 2).print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "empty");

        assertEquals(List.of("A  B", "1  2"), bytes.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    public void thePlainFormIsOneTabSeparatedLinePerRowWithoutHeaderOrPadding() {
        Table table = Table.of("PID", "NAME", "NOTE").alignRight(0).row(7, "demo", null).row(1234, "a\tb", "x");

        assertEquals(List.of("7\tdemo\t-", "1234\ta b\tx"), table.plainLines());
    }

    @Test
    public void anEmptyTablePrintsNothingInThePlainForm() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Table.of("PID").print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "no processes", true);

        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    public void aRowWithTheWrongNumberOfCellsIsRefused() {
        Table table = Table.of("A", "B");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.row(1));
        assertEquals("a row of 1 cells in a table of 2 columns", e.getMessage());
        assertEquals(0, table.size());
    }

    @Test
    public void aColumnOutsideTheTableCannotBeRightAligned() {
        assertThrows(IllegalArgumentException.class, () -> Table.of("A").alignRight(1));
        assertThrows(IllegalArgumentException.class, () -> Table.of());
    }
}
