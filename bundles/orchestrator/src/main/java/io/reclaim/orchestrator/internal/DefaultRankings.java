package io.reclaim.orchestrator.internal;

import java.util.Map;

import io.reclaim.api.ResourceCleanup;

/**
 * The ranking a handler runs at when its configured {@code service.ranking} is unusable and it
 * has no earlier rank to keep: the platform's default for its type (DESIGN rule 3), else
 * {@link ResourceCleanup#RANKING_CUSTOM}. Leaving the handler out instead would leave its
 * resources behind at every cleanup.
 */
final class DefaultRankings {

    private static final Map<String, Integer> BY_TYPE = Map.ofEntries(
            Map.entry("os-process", ResourceCleanup.RANKING_OS_PROCESS),
            Map.entry("scheduler", ResourceCleanup.RANKING_SCHEDULER),
            Map.entry("timers", 850),
            Map.entry("tasks", ResourceCleanup.RANKING_TASKS),
            Map.entry("signals", ResourceCleanup.RANKING_SIGNALS),
            Map.entry("ipc", ResourceCleanup.RANKING_IPC),
            Map.entry("sockets", ResourceCleanup.RANKING_SOCKETS),
            Map.entry("iouring", ResourceCleanup.RANKING_IOURING),
            Map.entry("zerocopy", ResourceCleanup.RANKING_ZEROCOPY),
            Map.entry("files", ResourceCleanup.RANKING_FILES),
            Map.entry("mmap", ResourceCleanup.RANKING_MMAP),
            Map.entry("memory", ResourceCleanup.RANKING_MEMORY));

    private DefaultRankings() {
    }

    static int of(String type) {
        return BY_TYPE.getOrDefault(type, ResourceCleanup.RANKING_CUSTOM);
    }
}
