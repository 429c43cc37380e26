package io.reclaim.api;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the calling thread, from the JVM's {@link ThreadMXBean}. Measuring one piece of
 * work is {@code long start = ThreadCpuClock.now(); work(); long spent = ThreadCpuClock.since(start);}.
 * Where the JVM cannot measure thread CPU time, every reading is 0 and nothing is charged.
 */
public final class ThreadCpuClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = enable();

    private ThreadCpuClock() {
    }

    /** @return whether thread CPU time can be measured in this JVM */
    public static boolean isSupported() {
        return SUPPORTED;
    }

    /** @return the CPU time of the calling thread in nanoseconds, or 0 if it cannot be measured */
    public static long now() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** @return the CPU time the calling thread spent since {@code start}, a reading of {@link #now()} */
    public static long since(long start) {
        return SUPPORTED ? Math.max(0, THREADS.getCurrentThreadCpuTime() - start) : 0;
    }

    /** @return the CPU time of another live thread in nanoseconds, or 0 if it cannot be measured or it ended */
    public static long of(Thread thread) {
        if (!SUPPORTED) {
            return 0;
        }
        long nanos = THREADS.getThreadCpuTime(thread.getId());
        return Math.max(0, nanos);
    }

    private static boolean enable() {
        try {
            if (!THREADS.isThreadCpuTimeSupported()) {
                return false;
            }
            if (!THREADS.isThreadCpuTimeEnabled()) {
                THREADS.setThreadCpuTimeEnabled(true);
            }
            return true;
        } catch (UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
