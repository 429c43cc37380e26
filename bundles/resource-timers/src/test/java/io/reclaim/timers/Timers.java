package io.reclaim.timers;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.reclaim.api.Pid;

/** Readings the timer tests share. */
final class Timers {

    private Timers() {
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue("timed out waiting until " + what, System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    /** Whether a firing of {@code pid}'s timers is in progress, as the cleanup sees it. */
    static boolean isFiring(CloseableTimerManager timers, Pid pid) {
        return timers.cleanupHandler().cleanupMayBlock(pid);
    }

    static long firingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(TimerManager.THREAD_NAME_PREFIX) && thread.isAlive())
                .count();
    }

    /** Threads of this JVM as the OS counts them. */
    static long osThreads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Burns at least {@code cpu} of the calling thread's CPU time, however loaded the machine is. */
    static void burnCpu(Duration cpu) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpu.toNanos();
        while (threads.getCurrentThreadCpuTime() < end) {
            spin(Duration.ofNanos(100_000));
        }
    }

    /** Burns CPU on the calling thread for {@code time}, ignoring interruption. */
    static long spin(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        long sum = 0;
        while (System.nanoTime() < end) {
            sum += sum * 31 + 7;
        }
        return sum;
    }
}
