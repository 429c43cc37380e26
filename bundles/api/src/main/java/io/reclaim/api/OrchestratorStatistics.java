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
     * @param timeouts runs abandoned after the timeout
     */
    public record HandlerStatistics(long runs, long resourcesFreed, long bytesFreed, long errors, long timeouts) {
    }
}
