package io.reclaim.launcher;

import static org.junit.Assert.assertEquals;

import java.io.EOFException;

import org.junit.Test;

public class ScriptedShellTest {

    @Test
    public void whatIsLeftOpenAtTheEndOfAProgramIsNamed() {
        assertEquals("unclosed '", ScriptedShell.unclosed("echo 'abc"));
        assertEquals("unclosed \"", ScriptedShell.unclosed("echo \"a'b"));
        assertEquals("unclosed {", ScriptedShell.unclosed("each [1 2] {\n echo $it"));
        assertEquals("unclosed [", ScriptedShell.unclosed("each [1 2] { echo $it } ["));
        assertEquals("unclosed (", ScriptedShell.unclosed("x = (lb"));
        assertEquals("incomplete", ScriptedShell.unclosed("echo \\{ done"));
    }

    @Test
    public void aReclaimFailureIsItsOwnLineAndAnythingElseSaysWhereItHappened() {
        assertEquals("reclaim:kill: no process with pid 99",
                ScriptedShell.describe(new IllegalStateException("reclaim:kill: no process with pid 99") {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String toString() {
                        return getMessage();
                    }
                }, 3, 3));
        assertEquals("reclaim: lines 2-4: the shell cannot expand an argument: unexpected EOT looking for matching"
                + " quote: ' (escape a quote inside a quoted argument with a backslash)",
                ScriptedShell.describe(new EOFException("unexpected EOT looking for matching quote: '"), 2, 4));
        assertEquals("reclaim: line 7: IllegalArgumentException: Cannot coerce spawn() to any of [(String, String)]",
                ScriptedShell.describe(new IllegalArgumentException("Cannot coerce spawn() to any of [(String, String)]\nmore"), 7, 7));
        assertEquals("reclaim: line 1: java.lang.NullPointerException", ScriptedShell.describe(new NullPointerException(), 1, 1));
    }

    @Test
    public void theProgramLeftOpenIsShownOnOneLineWithoutItsControlCharacters() {
        assertEquals("each [1 2] {   echo \"?[31mred", ScriptedShell.abbreviate("each [1 2] {\n  echo \"\u001b[31mred"));
        assertEquals(80, ScriptedShell.abbreviate("x".repeat(500)).length());
    }
}
