package io.reclaim.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * reclaim.jar running as a JVM of its own on a given home, its shell fed through stdin, its
 * output (stdout and stderr) collected in a file the test reads as it grows.
 */
final class RunningReclaim implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream stdin;
    private final Path output;

    private RunningReclaim(Process process, Path output) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.output = output;
    }

    static RunningReclaim start(Path home, Path output) throws IOException {
        return new RunningReclaim(builder(home, output).start(), output);
    }

    /**
     * Runs {@code script} as a file given on stdin, every line there from the start, as
     * {@code java [JVM OPTIONS] -jar reclaim.jar < FILE}.
     */
    static RunningReclaim script(Path home, Path output, Path script, String... jvmOptions) throws IOException {
        return new RunningReclaim(builder(home, output, jvmOptions).redirectInput(script.toFile()).start(), output);
    }

    private static ProcessBuilder builder(Path home, Path output, String... jvmOptions) {
        String jar = System.getProperty("reclaim.jar", "target/reclaim.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", jar, "--home", home.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
    }

    long pid() {
        return process.pid();
    }

    /** Types a command line into the shell. */
    void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Ends the input: the shell stops the framework and the JVM exits. */
    int endInput() throws IOException, InterruptedException {
        stdin.close();
        return exitCode();
    }

    int exitCode() throws InterruptedException {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("reclaim did not exit within " + WAIT.toSeconds() + " s; output:\n" + output());
        }
        return process.exitValue();
    }

    Process process() {
        return process;
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the output holds {@code text}. */
    void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline || !process.isAlive() && !output().contains(text)) {
                throw new AssertionError("no '" + text + "' in the output of reclaim:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
