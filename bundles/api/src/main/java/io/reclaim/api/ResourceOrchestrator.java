package io.reclaim.api;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs every known {@link ResourceCleanup} for a pid in ranking order, each under a timeout, and
 * reports what each freed. A failing or hanging handler never stops the others.
 */
@ProviderType
public interface ResourceOrchestrator {

    /**
     * Releases everything {@code pid} holds, handler after handler. Never throws for a handler's
     * failure: failures are in the result.
     */
    CleanupResult cleanupProcess(Pid pid);

    /**
     * As {@link #cleanupProcess(Pid)}, but each handler whose type lets resources change hands
     * gives them to {@code heir} instead of releasing them, if {@code heir} still runs.
     *
     * @param heir the pid that inherits, or {@code null} for an ordinary cleanup
     */
    default CleanupResult cleanupProcess(Pid pid, Pid heir) {
        return cleanupProcess(pid);
    }

    /**
     * @return every resource of every type held longer than its type's threshold by pids that
     *     still run, per type in cleanup order; types without a threshold are left out
     */
    default Map<String, List<HeldResource>> heldTooLong() {
        return Map.of();
    }

    /**
     * Hands every resource of {@code type} that {@code from} holds to {@code to}.
     *
     * @return how many changed hands
     * @throws IllegalArgumentException if no handler of {@code type} is present
     * @throws UnsupportedOperationException if that type's resources cannot change hands
     * @throws ProcessNotRunningException if {@code to} is not running; nothing changes hands
     * @throws ResourceLimitExceededException if {@code to} reached its limit of that type
     */
    default long transfer(Pid from, String type, Pid to) {
        throw new UnsupportedOperationException("this orchestrator cannot hand resources over");
    }

    /** @return the limits {@code pid} has, per type in cleanup order; types without a limit are left out */
    default Map<String, ResourceLimit> limits(Pid pid) {
        return Map.of();
    }

    /** @return each resource {@code pid} holds, per type in cleanup order, with age and acquisition site where tracked */
    default Map<String, List<HeldResource>> resources(Pid pid) {
        return Map.of();
    }

    /** @return the handlers in the order a cleanup would run them now */
    List<HandlerInfo> handlers();

    /** @return what {@code pid} holds, per resource type in cleanup order; types it holds nothing of are left out */
    Map<String, ResourceUsage> usage(Pid pid);

    /** @return the cleanup {@code pid} would get now, handler by handler; nothing is released */
    List<PlannedCleanup> plan(Pid pid);

    /** @return every pid holding anything, with what it holds per type in cleanup order */
    Map<Pid, Map<String, ResourceUsage>> holdings();

    /** @return every handler's own counts since it started, per type in cleanup order */
    Map<String, ResourceTotals> totals();

    /** @return what the orchestrator has done since it started */
    OrchestratorStatistics statistics();

    /**
     * Adds a handler without the service registry (plain Java, embedding).
     *
     * @return a registration whose {@code close()} removes the handler again
     */
    Registration register(ResourceCleanup handler, int ranking);

    /** A handler added with {@link ResourceOrchestrator#register}. */
    @FunctionalInterface
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
