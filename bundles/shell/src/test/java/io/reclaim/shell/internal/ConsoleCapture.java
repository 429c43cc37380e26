package io.reclaim.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.rules.ExternalResource;

/** Captures System.out and System.err while a test runs, as Gogo does for a command. */
final class ConsoleCapture extends ExternalResource {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @Override
    protected void before() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    protected void after() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    List<String> outLines() {
        return out().lines().toList();
    }

    /**
     * Runs a command that must fail, as Gogo runs it: the {@link CommandFailure} it throws is
     * printed on the session's error stream, its one line alone.
     */
    void failing(Runnable command) {
        CommandFailure failure = org.junit.Assert.assertThrows(CommandFailure.class, command::run);
        System.err.println(failure);
    }

    List<String> errLines() {
        return err().lines().toList();
    }
}
