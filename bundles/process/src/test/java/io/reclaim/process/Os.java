package io.reclaim.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** What the tests read from the OS to prove that processes and descriptors are really gone. */
final class Os {

    private Os() {
    }

    /**
     * Whether the OS process has ended. A zombie has ended: an orphan's zombie stays until its new
     * parent reaps it, and some container init processes never do.
     */
    static boolean isGone(long osPid) {
        if (ProcessHandle.of(osPid).isEmpty()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(osPid), "stat"));
            char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    static boolean isAlive(long osPid) {
        return !isGone(osPid);
    }

    /** @return the live descendants of {@code osPid} */
    static List<Long> descendants(long osPid) {
        return ProcessHandle.of(osPid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)
                .filter(Os::isAlive).collect(Collectors.toList());
    }

    /** @return the live descendants of {@code osPid} whose command line contains {@code text} */
    static List<Long> descendantsRunning(long osPid, String text) {
        return descendants(osPid).stream().filter(pid -> commandLine(pid).contains(text)).collect(Collectors.toList());
    }

    static String commandLine(long osPid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(osPid), "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits for {@code condition}, polling, and fails the test if it does not hold within {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
