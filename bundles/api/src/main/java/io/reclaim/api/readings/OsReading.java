package io.reclaim.api.readings;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this JVM holds at the OS level at one moment: open file descriptors, memory mappings,
 * threads and direct memory. A self-test compares a reading before and after a run with
 * {@link #leaksSince}.
 *
 * @param fds entries of {@code /proc/self/fd}, or -1 where there is no {@code /proc}
 * @param mappings lines of {@code /proc/self/maps}, or -1 where there is no {@code /proc}
 * @param fileMappings of those, the mappings of a file or kernel object (see {@link #isFileMapping})
 * @param threads live Java threads
 * @param retiringThreads of those, idle pool workers that their pool retires by itself once its
 *     keep-alive runs out (see {@link #isRetiring})
 * @param directBuffers buffers in the JVM's {@code direct} buffer pool
 * @param directBytes memory used by the {@code direct} buffer pool
 */
public record OsReading(long fds, long mappings, long fileMappings, int threads, int retiringThreads,
        long directBuffers, long directBytes) {

    static final long UNAVAILABLE = -1;
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
        long directBuffers = direct == null ? 0 : direct.getCount();
        long directBytes = direct == null ? 0 : direct.getMemoryUsed();
        List<String> maps = maps();
        return new OsReading(countOpenFds(), maps == null ? UNAVAILABLE : maps.size(),
                maps == null ? UNAVAILABLE : maps.stream().filter(OsReading::isFileMapping).count(), threads, retiring,
                directBuffers, directBytes);
    }

    /** @return the live threads that are not idle workers waiting to be retired */
    public int busyThreads() {
        return threads - retiringThreads;
    }

    /**
     * What this reading holds beyond {@code before}: open fds, file mappings, busy threads and
     * direct buffers, each only where it grew, and only where this system can read it.
     *
     * <p>Two allowances, both for threads, which pools start on demand and keep for up to a
     * minute after their last task (the JDK's process reaper, a platform's cleanup threads):
     * idle workers that their pool retires by itself are not busy threads, and each thread
     * beyond those running before may hold one of the JDK's cached temporary direct buffers (a
     * thread that reads a file into a heap buffer keeps one until it ends).
     *
     * <p>Anonymous mappings are not compared: the JVM's heap, metaspace, code cache, thread stacks
     * and malloc arenas grow, split and merge them as it likes, and glibc keeps an ended thread's
     * stack mapped for the next one. A leaked allocation shows in the direct buffers instead.
     *
     * @param extraThreads the most threads that ran at once since {@code before}, less those of {@code before}
     * @return the leaks by name ({@code fds}, {@code file mappings}, {@code threads},
     *     {@code direct buffers}), empty if the reading is back
     */
    public Map<String, Long> leaksSince(OsReading before, int extraThreads) {
        Map<String, Long> leaks = new LinkedHashMap<>();
        put(leaks, "fds", excess(fds, before.fds));
        put(leaks, "file mappings", excess(fileMappings, before.fileMappings));
        put(leaks, "threads", busyThreads() - before.busyThreads());
        put(leaks, "direct buffers", directBuffers - before.directBuffers - Math.max(0, extraThreads));
        return leaks;
    }

    /** @return whether nothing leaked since {@code before}, in the sense of {@link #leaksSince} */
    public boolean isBackTo(OsReading before, int extraThreads) {
        return leaksSince(before, extraThreads).isEmpty();
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

    /**
     * Tells a line of {@code /proc/self/maps} that maps a file ({@code /tmp/ring (deleted)}) or a
     * kernel object ({@code anon_inode:[io_uring]}), not anonymous memory nor one of the kernel's
     * own regions ({@code [heap]}, {@code [stack]}, {@code [vdso]}...).
     */
    static boolean isFileMapping(String line) {
        // address perms offset dev inode pathname: the pathname is the sixth field, if any
        String[] fields = line.trim().split("\\s+", 6);
        return fields.length == 6 && !fields[5].isBlank() && !fields[5].startsWith("[");
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
        List<String> maps = maps();
        return maps == null ? UNAVAILABLE : maps.size();
    }

    /** @return the lines of {@code /proc/self/maps}, or {@code null} without {@code /proc} */
    private static List<String> maps() {
        if (!Files.isReadable(MAPS)) {
            return null;
        }
        try (Stream<String> lines = Files.lines(MAPS)) {
            return lines.toList();
        } catch (IOException e) {
            return null;
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
        return after == UNAVAILABLE || before == UNAVAILABLE ? 0 : after - before;
    }

    private static void put(Map<String, Long> leaks, String name, long excess) {
        if (excess > 0) {
            leaks.put(name, excess);
        }
    }
}
