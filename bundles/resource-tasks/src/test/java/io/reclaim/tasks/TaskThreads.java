package io.reclaim.tasks;

import static org.junit.Assert.assertEquals;

import java.util.concurrent.TimeUnit;

/** Counts the live worker threads of every task manager in this JVM, by name. */
public final class TaskThreads {

    private TaskThreads() {
    }

    public static int count() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith(TaskManager.THREAD_NAME_PREFIX) && thread.isAlive())
                .count();
    }

    /** Waits up to 30 seconds for the count to reach {@code expected}, then asserts it. */
    public static void awaitCount(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("live " + TaskManager.THREAD_NAME_PREFIX + "* threads", expected, count());
    }
}
