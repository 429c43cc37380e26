package io.reclaim.api;

import java.time.Duration;

/**
 * How one cleanup handler did for one pid.
 *
 * @param resourceType the handler's {@link ResourceCleanup#resourceType()}
 * @param ranking the ranking it ran at
 * @param serviceId its {@code service.id}, or a negative number for a handler registered without
 *     the service registry
 * @param stats what it freed
 * @param duration how long it ran (up to the timeout if it was abandoned)
 * @param error why it failed (threw, timed out, went away), or {@code null} if it completed
 */
public record HandlerOutcome(String resourceType, int ranking, long serviceId, CleanupStats stats,
        Duration duration, String error) {

    public boolean failed() {
        return error != null;
    }
}
