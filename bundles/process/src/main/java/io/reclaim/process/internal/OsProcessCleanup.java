package io.reclaim.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceManagerSupport;
import io.reclaim.process.ProcessManagers;

/**
 * The {@code os-process} cleanup handler: it tracks the OS child of each pid in the shared ledger,
 * and its release guarantees that the child's whole tree is gone (SIGKILL to every survivor, then
 * a bounded wait). It runs first in a cleanup, so nothing still running uses a resource that a
 * later handler frees.
 *
 * <p>{@code resourcesFreed} counts OS processes, not children: every member of the tree that the
 * release ended or found already gone.
 */
public final class OsProcessCleanup extends ResourceManagerSupport<OsChild> {

    private volatile Duration killTimeout;

    OsProcessCleanup(ProcessGate gate, Duration killTimeout) {
        super(ProcessManagers.OS_PROCESS_TYPE, gate);
        this.killTimeout = killTimeout;
    }

    void killTimeout(Duration timeout) {
        this.killTimeout = timeout;
    }

    /**
     * Tracks the started child of {@code pid}. If the pid stopped running meanwhile, the child's
     * tree is killed here and the exception says why.
     */
    Lease<OsChild> track(Pid pid, OsChild child) {
        return ledger().track(pid, child);
    }

    @Override
    protected void release(OsChild child) throws Exception {
        List<ProcessHandle> survivors = child.release(killTimeout);
        if (!survivors.isEmpty()) {
            throw new IllegalStateException(survivors.size() + " process(es) of " + child
                    + " still alive after SIGKILL and " + killTimeout.toMillis() + " ms: "
                    + OsProcesses.pids(survivors));
        }
    }

    @Override
    public CleanupStats cleanup(Pid pid) {
        List<OsChild> children = held(pid);
        CleanupStats swept = super.cleanup(pid);
        long ended = 0;
        for (OsChild child : children) {
            ended += child.ended();
        }
        return new CleanupStats(ended, 0, swept.errorsEncountered(), swept.errors());
    }

    /** Only a pid with an OS child may block: its release waits for the tree to die. */
    @Override
    public boolean cleanupMayBlock(Pid pid) {
        return ledger().has(pid);
    }

    /**
     * Counts the OS processes of the pid's tree that are alive now; the bytes are the tree's
     * {@code memory.current} where its cgroup has the memory controller, else 0.
     */
    @Override
    public ResourceUsage usage(Pid pid) {
        long alive = 0;
        long bytes = 0;
        for (OsChild child : held(pid)) {
            alive += child.alive().size();
            bytes += Math.max(0, child.memoryBytes());
        }
        return new ResourceUsage(alive, bytes);
    }

    /** @return the OS children of {@code pid} (one at most), for status and journal readings */
    public List<OsChild> children(Pid pid) {
        return held(pid);
    }

    /** Kills every tree still tracked, for every pid, and refuses later tracking. */
    @Override
    public CleanupStats shutdown() {
        return super.shutdown();
    }

    /** The {@code os-process} handler, for the orchestrator only: the process manager registers it. */
    @Override
    public ResourceCleanup cleanupHandler() {
        return super.cleanupHandler();
    }

    private List<OsChild> held(Pid pid) {
        List<OsChild> children = new ArrayList<>(1);
        for (Lease<? extends OsChild> lease : ledger().leases(pid)) {
            try {
                children.add(lease.resource(pid));
            } catch (IllegalStateException releasedMeanwhile) {
                // another cleanup took it; that cleanup counts it
            }
        }
        return children;
    }
}
