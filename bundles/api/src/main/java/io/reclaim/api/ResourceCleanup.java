package io.reclaim.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Releases everything of one resource type that a process holds. Each resource bundle registers
 * one as an OSGi service (or hands one to the orchestrator's builder in plain Java); the
 * orchestrator runs them all when a process ends, in descending {@code service.ranking}, equal
 * rankings in descending {@code service.id}.
 *
 * <p>Implementations must be thread-safe and should release in O(resources the pid holds). A
 * handler that throws or overruns its timeout is recorded and the next one runs.
 *
 * <p>Most implementations come from {@link io.reclaim.api.ledger.ResourceManagerSupport}, which
 * builds one on top of the shared ownership ledger, as an object apart from the manager that
 * owners use: holding a resource manager's service grants no cleanup of anyone's pid.
 */
@ConsumerType
public interface ResourceCleanup {

    /**
     * Service property naming the resource type, e.g. {@code "files"}; set it with
     * {@link io.reclaim.api.annotations.ResourceType}.
     */
    String RESOURCE_TYPE = "reclaim.resource.type";

    /** Default rankings, following the kernel's rule: stop users of a resource before freeing it, memory last. */
    int RANKING_OS_PROCESS = 1000;
    int RANKING_SCHEDULER = 900;
    /** Timers stop after the run queue and before the tasks their firings would start. */
    int RANKING_TIMERS = 850;
    int RANKING_TASKS = 800;
    int RANKING_SIGNALS = 700;
    int RANKING_IPC = 600;
    int RANKING_SOCKETS = 500;
    int RANKING_IOURING = 450;
    int RANKING_ZEROCOPY = 400;
    int RANKING_FILES = 300;
    int RANKING_MMAP = 200;
    int RANKING_MEMORY = 100;
    int RANKING_CUSTOM = 0;

    /**
     * Releases every resource of this type that {@code pid} holds. Afterwards
     * {@link #hasResources(Pid)} is false for the pid.
     *
     * @return what was really freed, with one error per resource that failed to release
     */
    CleanupStats cleanup(Pid pid);

    /**
     * Whether {@link #cleanup(Pid)} of {@code pid} may block now: wait for another thread, a lock
     * held across I/O, an OS process, or I/O that can stall (closing a file on a network file
     * system, a socket that lingers). Asked once per cleanup, just before this handler's turn.
     *
     * <p>The orchestrator runs the cleanups that cannot block on the thread that ends the process,
     * with no thread hand-off, and hands the sequence to one of its cleanup threads, where every
     * handler is held to the handler timeout, from the first handler that may block. So answer
     * {@code false} only for pure bookkeeping (dropping queued entries, counting, freeing memory),
     * or where waiting cannot happen for this pid now; a handler that answers {@code false} and
     * then hangs holds up the ending of the process with no timeout.
     *
     * @return {@code true} (the default) if the cleanup may block and must run under the timeout
     */
    default boolean cleanupMayBlock(Pid pid) {
        return true;
    }

    /** @return the short, stable name of the resource type, e.g. {@code "sockets"} */
    String resourceType();

    /** @return whether {@code pid} holds any resource of this type */
    boolean hasResources(Pid pid);

    /** @return what {@code pid} holds of this type now */
    default ResourceUsage usage(Pid pid) {
        return hasResources(pid) ? new ResourceUsage(1, 0) : ResourceUsage.NONE;
    }

    /** @return every pid holding at least one resource of this type; empty if the handler cannot tell */
    default List<Pid> owners() {
        return List.of();
    }

    /** @return counts since the handler started, or {@link ResourceTotals#UNKNOWN} */
    default ResourceTotals totals() {
        return ResourceTotals.UNKNOWN;
    }

    /**
     * Acquires one small, real resource of this type for {@code pid}, as a self-test of the
     * platform does for every installed type (a file, a socket, a 4 KiB mapping...). The resource
     * is released like any other when the pid ends.
     *
     * @return false if this type cannot make a sample on its own (the default)
     * @throws Exception if acquiring failed, e.g. {@link ProcessNotRunningException}
     */
    default boolean sample(Pid pid) throws Exception {
        return false;
    }
}
