package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.Test;

import io.reclaim.api.Pid;

public class ArgsTest {

    @Test
    public void aPidIsReadFromTextOrFromTheLongThatSpawnReturned() {
        assertEquals(Pid.of(7), Args.pid("7"));
        assertEquals(Pid.of(7), Args.pid(" 7 "));
        assertEquals(Pid.of(7), Args.pid(7L));
        assertEquals(Pid.of(7), Args.pid(7));
        assertEquals(Pid.of(7), Args.pid(Pid.of(7)));
    }

    @Test
    public void aBadPidSaysWhatIsExpected() {
        assertEquals("a pid is a positive number, got 'abc'", message(() -> Args.pid("abc")));
        assertEquals("a pid is a positive number, got 0", message(() -> Args.pid("0")));
        assertEquals("a pid is a positive number, got -3", message(() -> Args.pid(-3L)));
        assertEquals("a pid is a positive number, got '1.5'", message(() -> Args.pid(1.5d)));
        assertEquals("a pid is required", message(() -> Args.pid(null)));
    }

    @Test
    public void secondsMayHaveDecimals() {
        assertEquals(Duration.ofSeconds(5), Args.seconds("grace", "5"));
        assertEquals(Duration.ofMillis(250), Args.seconds("grace", "0.25"));
        assertEquals(Duration.ZERO, Args.seconds("grace", "0"));
        assertEquals(Duration.ofMillis(1500), Args.seconds("grace", 1.5d));
    }

    @Test
    public void badSecondsSayWhatIsExpected() {
        assertEquals("grace is a number of seconds, got 'soon'", message(() -> Args.seconds("grace", "soon")));
        assertEquals("grace is a number of seconds, got ''", message(() -> Args.seconds("grace", null)));
        assertEquals("grace cannot be negative, got -1", message(() -> Args.seconds("grace", "-1")));
        assertEquals("grace is too long, got 1e30 seconds", message(() -> Args.seconds("grace", "1e30")));
    }

    @Test
    public void aCountIsAWholeNumberWithinItsBounds() {
        assertEquals(200, Args.count("processes", "200", 1000));
        assertEquals(1, Args.count("processes", 1L, 1000));
        assertEquals("processes is a whole number, got 'many'", message(() -> Args.count("processes", "many", 1000)));
        assertEquals("processes is a whole number, got '2.5'", message(() -> Args.count("processes", "2.5", 1000)));
        assertEquals("processes is a number from 1 to 1000, got 0", message(() -> Args.count("processes", "0", 1000)));
        assertEquals("processes is a number from 1 to 1000, got -4", message(() -> Args.count("processes", "-4", 1000)));
        assertEquals("processes is a number from 1 to 1000, got 1001",
                message(() -> Args.count("processes", "1001", 1000)));
        assertEquals("processes is a whole number, got ''", message(() -> Args.count("processes", null, 1000)));
    }

    @Test
    public void aCommandLineIsSplitOnWhitespace() {
        assertEquals(List.of("sleep", "600"), Args.commandLine("  sleep \t 600 "));
    }

    @Test
    public void quotesKeepWhitespaceInsideOneArgument() {
        assertEquals(List.of("sh", "-c", "sleep 1; echo \"done\""), Args.commandLine("sh -c 'sleep 1; echo \"done\"'"));
        assertEquals(List.of("echo", "a b", "it's"), Args.commandLine("echo \"a b\" \"it's\""));
        assertEquals(List.of("echo", "ab cd"), Args.commandLine("echo a\"b c\"d"));
        assertEquals(List.of("echo", ""), Args.commandLine("echo ''"));
    }

    @Test
    public void anUnclosedQuoteOrAnEmptyCommandIsRefused() {
        assertEquals("the command has an unclosed ' quote: echo 'oops", message(() -> Args.commandLine("echo 'oops")));
        assertEquals("the command is empty", message(() -> Args.commandLine("   ")));
    }

    private static String message(org.junit.function.ThrowingRunnable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }
}
