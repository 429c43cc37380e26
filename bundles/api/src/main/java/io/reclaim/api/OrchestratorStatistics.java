package io.reclaim.api;

import java.util.Map;

/**
 * What the orchestrator has done since it started.
 *
 * @param cleanups processes cleaned up
 * @param perType per resource type, in the current cleanup order
 */
public record OrchestratorStatistics(long cleanups, Map<String, HandlerStatistics> perType) {

    public OrchestratorStatistics {
        perType = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(perType));
    }

    /**
     * @param runs times the handler ran
     * @param resourcesFreed what it reported freed
     * @param bytesFreed the bytes it reported freed
     * @param errors its own errors plus the runs that failed as a whole
     * @param timeouts runs abandoned after the timeout, and runs not started because an earlier
     *     one was still stuck in the handler
     * @param stuck calls into the handler abandoned after the timeout that have not returned yet:
     *     each holds a cleanup thread now. The orchestrator starts no new call into a handler
     *     while one is stuck in it, so this stays at most the number of cleanups that entered it
     *     at once, however many pids end.
     * @since 1.3
     */
    public record HandlerStatistics(long runs, long resourcesFreed, long bytesFreed, long errors, long timeouts,
            long stuck) {

        /** Statistics of a handler with nothing stuck in it. */
        public HandlerStatistics(long runs, long resourcesFreed, long bytesFreed, long errors, long timeouts) {
            this(runs, resourcesFreed, bytesFreed, errors, timeouts, 0);
        }
    }
}
