package io.reclaim.scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Worker threads that take entries from a scheduler and run them, as the tasks bundle's pool does. */
final class Takers implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;

    Takers(Scheduler scheduler, int count) {
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        scheduler.take(Duration.ofMillis(50)).ifPresent(entry -> entry.work().run());
                    } catch (InterruptedException e) {
                        // an interrupt meant for the entry just run
                    } catch (IllegalStateException schedulerStopped) {
                        return;
                    }
                    Thread.interrupted();
                }
            }, "test-taker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join(10_000);
        }
    }

    /** Burns CPU on the calling thread for {@code time}, ignoring interruption; returns whether it was interrupted. */
    static boolean spin(Duration time) {
        long end = System.nanoTime() + time.toNanos();
        long sum = 0;
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            sum += sum * 31 + 7;
            interrupted |= Thread.currentThread().isInterrupted();
        }
        return interrupted || sum == 42;
    }

    /** Burns at least {@code cpu} of the calling thread's CPU time, however loaded the machine is. */
    static void burnCpu(Duration cpu) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + cpu.toNanos();
        while (threads.getCurrentThreadCpuTime() < end) {
            spin(Duration.ofNanos(100_000));
        }
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
