package io.reclaim.api.readings;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;

/**
 * An {@link OsReading} taken before a run, with what is needed to judge the readings after it:
 * the threads the run added at its peak (each may keep one of the JDK's cached temporary direct
 * buffers), and a settling read that gives the GC and retiring pools their time before anything
 * counts as leaked. {@code reclaim:selftest} and the testing kit's leak rule both judge with it.
 *
 * <p>Taking a baseline resets the JVM's peak thread count: one baseline at a time per JVM.
 */
public final class OsBaseline {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final OsReading before;
    private final int threadsBefore;

    private OsBaseline(OsReading before, int threadsBefore) {
        this.before = before;
        this.threadsBefore = threadsBefore;
    }

    /** Reads everything now and starts counting the threads added from here on. */
    public static OsBaseline take() {
        // the peak since here tells how many threads the run added, each with what a thread may keep
        THREADS.resetPeakThreadCount();
        int threads = THREADS.getThreadCount();
        return new OsBaseline(OsReading.now(), threads);
    }

    /** @return the reading taken before the run */
    public OsReading before() {
        return before;
    }

    /** @return the most threads that ran at once since the baseline, less those running at it */
    public int extraThreads() {
        return Math.max(0, THREADS.getPeakThreadCount() - threadsBefore);
    }

    /**
     * Reads again, after a GC and a pause, until the reading is back to {@link #before()} or the
     * attempts run out. What counts as back, and the two allowances it makes for threads that
     * pools keep after the run, is {@link OsReading#leaksSince}: no tolerance beyond those.
     *
     * @param attempts readings after the first before the reading counts as not back
     * @param pause the pause (after a GC) between two readings
     * @return the last reading
     * @throws InterruptedException if interrupted while pausing
     */
    public OsReading settle(int attempts, Duration pause) throws InterruptedException {
        int extra = extraThreads();
        OsReading after = OsReading.now();
        for (int attempt = 0; attempt < attempts && !after.isBackTo(before, extra); attempt++) {
            System.gc();
            Thread.sleep(pause.toMillis());
            after = OsReading.now();
        }
        return after;
    }

    /** @return what {@code after} holds beyond {@link #before()}, in the sense of {@link OsReading#leaksSince} */
    public Map<String, Long> leaksIn(OsReading after) {
        return after.leaksSince(before, extraThreads());
    }
}
