package io.reclaim.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads, grouped by name with its number stripped, between two
 * snapshots: where a benchmark's time goes, by thread. Threads that ended between the snapshots
 * are not counted.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosById = new TreeMap<>();

    private ThreadCpu() {
    }

    static ThreadCpu now() {
        ThreadCpu snapshot = new ThreadCpu();
        for (long id : THREADS.getAllThreadIds()) {
            long nanos = THREADS.getThreadCpuTime(id);
            if (nanos >= 0) {
                snapshot.nanosById.put(id, nanos);
            }
        }
        return snapshot;
    }

    /** @return CPU milliseconds per thread group since {@code earlier} */
    Map<String, Long> since(ThreadCpu earlier) {
        Map<String, Long> byGroup = new TreeMap<>();
        nanosById.forEach((id, nanos) -> {
            ThreadInfo info = THREADS.getThreadInfo(id);
            if (info != null) {
                String group = info.getThreadName().replaceAll("[ #-]*\\d+$", "");
                long delta = nanos - earlier.nanosById.getOrDefault(id, 0L);
                byGroup.merge(group, delta / 1_000_000, Long::sum);
            }
        });
        byGroup.values().removeIf(millis -> millis == 0);
        return byGroup;
    }
}
