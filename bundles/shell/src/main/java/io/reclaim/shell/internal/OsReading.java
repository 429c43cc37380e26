package io.reclaim.shell.internal;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this JVM holds at the OS level at one moment: open file descriptors, memory mappings,
 * threads and direct memory. A self-test compares a reading before and after a run.
 *
 * @param fds entries of {@code /proc/self/fd}, or -1 where there is no {@code /proc}
 * @param mappings lines of {@code /proc/self/maps}, or -1 where there is no {@code /proc}
 * @param threads live Java threads
 * @param retiringThreads of those, idle pool workers that their pool retires by itself once its
 *     keep-alive runs out (see {@link #isRetiring})
 * @param directBuffers buffers in the JVM's {@code direct} buffer pool
 * @param directBytes memory used by the {@code direct} buffer pool
 */
public record OsReading(long fds, long mappings, int threads, int retiringThreads, long directBuffers,
        long directBytes) {

    static final long UNAVAILABLE = -1;
    /**
     * Lines of {@code /proc/self/maps} that a thread's stack adds: the stack and its guard pages.
     * glibc keeps the stack of an ended thread mapped for the next one, so the mappings of a
     * process follow the most threads it ever ran at once, not the threads it runs now.
     */
    static final int MAPPINGS_PER_THREAD = 2;
    private static final Path FD = Path.of("/proc/self/fd");
    private static final Path MAPS = Path.of("/proc/self/maps");

    /** Reads everything now. */
    public static OsReading now() {
        int threads = 0;
        int retiring = 0;
        for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey().isAlive()) {
                threads++;
                if (isRetiring(thread.getValue())) {
                    retiring++;
                }
            }
        }
        BufferPoolMXBean direct = directPool();
        return new OsReading(countOpenFds(), countMappings(), threads, retiring,
                direct == null ? 0 : direct.getCount(), direct == null ? 0 : direct.getMemoryUsed());
    }

    /** @return the live threads that are not idle workers waiting to be retired */
    public int busyThreads() {
        return threads - retiringThreads;
    }

    /** @return {@link #excessOver(OsReading, int)} when no more threads than {@code before}'s ran at once */
    public OsReading excessOver(OsReading before) {
        return excessOver(before, 0);
    }

    /**
     * @param extraThreads how many more threads than {@code before} had ran at once in between:
     *     their stacks stay mapped ({@link #MAPPINGS_PER_THREAD} each) and are no leak
     * @return how far this reading exceeds {@code before}, per reading (0 where it does not, and
     *     for readings unavailable on this system). Threads compare as {@link #busyThreads()}.
     */
    public OsReading excessOver(OsReading before, int extraThreads) {
        return new OsReading(excess(fds, before.fds),
                excess(mappings, before.mappings == UNAVAILABLE ? UNAVAILABLE
                        : before.mappings + (long) MAPPINGS_PER_THREAD * Math.max(0, extraThreads)),
                Math.max(0, busyThreads() - before.busyThreads()), 0,
                Math.max(0, directBuffers - before.directBuffers), Math.max(0, directBytes - before.directBytes));
    }

    /** @return whether every reading is at or below {@code before} */
    public boolean isBackTo(OsReading before) {
        return isBackTo(before, 0);
    }

    /** @return whether every reading is at or below {@code before}, allowing for {@code extraThreads} */
    public boolean isBackTo(OsReading before, int extraThreads) {
        OsReading excess = excessOver(before, extraThreads);
        return excess.fds == 0 && excess.mappings == 0 && excess.threads == 0 && excess.directBuffers == 0
                && excess.directBytes == 0;
    }

    /**
     * Tells an idle pool worker that will end by itself: a {@link java.util.concurrent.ThreadPoolExecutor}
     * worker waiting for a task with a timed {@code poll} (a thread above the core size, or any
     * thread of a pool that lets core threads time out), or a {@link java.util.concurrent.ForkJoinPool}
     * worker waiting for work, which its pool trims after the keep-alive. A worker waiting in
     * {@code take} is a core thread that stays until its pool shuts down: it is not retiring.
     */
    static boolean isRetiring(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            StackTraceElement frame = stack[i];
            if (frame.getClassName().equals("java.util.concurrent.ThreadPoolExecutor")
                    && frame.getMethodName().equals("getTask")) {
                return i > 0 && stack[i - 1].getMethodName().equals("poll");
            }
            if (frame.getClassName().equals("java.util.concurrent.ForkJoinPool")
                    && frame.getMethodName().equals("awaitWork")) {
                return true;
            }
        }
        return false;
    }

    /** @return entries of {@code /proc/self/fd}, counting the one this listing opens; -1 without {@code /proc} */
    static long countOpenFds() {
        if (!Files.isDirectory(FD)) {
            return UNAVAILABLE;
        }
        long count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(FD)) {
            for (Path ignored : entries) {
                count++;
            }
        } catch (IOException e) {
            return UNAVAILABLE;
        }
        return count;
    }

    /** @return lines of {@code /proc/self/maps}; -1 without {@code /proc} */
    static long countMappings() {
        if (!Files.isReadable(MAPS)) {
            return UNAVAILABLE;
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.count();
        } catch (IOException e) {
            return UNAVAILABLE;
        }
    }

    private static BufferPoolMXBean directPool() {
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                return pool;
            }
        }
        return null;
    }

    private static long excess(long after, long before) {
        return after == UNAVAILABLE || before == UNAVAILABLE ? 0 : Math.max(0, after - before);
    }
}
