package io.reclaim.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The OS process table as seen from outside the JVM under test: /proc. */
final class OsTable {

    /** One process: its pid and its start time (field 22 of its stat), which tell it from a later one. */
    record Entry(long pid, long startTime) {

        boolean isRunning() {
            return stat(pid).map(fields -> !isExited(fields) && Long.parseLong(fields[19]) == startTime).orElse(false);
        }
    }

    private OsTable() {
    }

    /** @return the running processes whose command line contains {@code text} */
    static List<Entry> running(String text) {
        List<Entry> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"),
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (commandLine(pid).contains(text)) {
                    stat(pid).filter(fields -> !isExited(fields))
                            .ifPresent(fields -> found.add(new Entry(pid, Long.parseLong(fields[19]))));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    static Entry of(long pid) {
        return new Entry(pid, stat(pid).map(fields -> Long.parseLong(fields[19])).orElseThrow());
    }

    static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }

    /** @return the fields after the command name: [0] is the state, [19] the start time */
    private static java.util.Optional<String[]> stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return java.util.Optional.of(line.substring(line.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static boolean isExited(String[] fields) {
        return fields[0].equals("Z") || fields[0].equals("X");
    }
}
