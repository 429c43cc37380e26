package io.reclaim.orchestrator.internal;

import io.reclaim.api.ResourceCleanup;

/**
 * One registered cleanup handler: the service object, what it says it is, and whether it is
 * still registered. A re-rank keeps the same {@code Handler}, so a cleanup running on an older
 * snapshot still sees when the handler goes away.
 */
final class Handler {

    /** Bundle name shown for handlers registered in plain Java. */
    static final String PLAIN_JAVA = "-";

    private final long id;
    private final ResourceCleanup cleanup;
    private final String type;
    private final String bundle;
    /**
     * How many calls into one handler may be stuck (abandoned after the timeout, not returned)
     * before a cleanup waits for one of them instead of starting another. A handler that hangs
     * for every pid then holds this many threads, plus those of cleanups that entered it at the
     * same moment before the first of them timed out: bounded by how many cleanups run at once,
     * never by how many pids end. The check is not a lock, so normal cleanups of one type still
     * run in parallel.
     */
    static final int MAX_STUCK_CALLS = 1;

    private volatile boolean gone;
    private int stuck; // guarded by this

    private Handler(long id, ResourceCleanup cleanup, String type, String bundle) {
        this.id = id;
        this.cleanup = cleanup;
        this.type = type;
        this.bundle = bundle;
    }

    /**
     * @throws IllegalArgumentException if the handler names no resource type
     */
    static Handler of(long id, ResourceCleanup cleanup, String bundle) {
        String type;
        try {
            type = cleanup.resourceType();
        } catch (Throwable e) { // another bundle's code: an Error leaves this handler out, nothing else
            throw new IllegalArgumentException(
                    "cleanup handler " + cleanup.getClass().getName() + " cannot name its resource type: " + e, e);
        }
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException(
                    "cleanup handler " + cleanup.getClass().getName() + " names no resource type");
        }
        return new Handler(id, cleanup, type, bundle);
    }

    long id() {
        return id;
    }

    ResourceCleanup cleanup() {
        return cleanup;
    }

    String type() {
        return type;
    }

    String bundle() {
        return bundle;
    }

    boolean isGone() {
        return gone;
    }

    void markGone() {
        gone = true;
    }

    /** A call into this handler was abandoned after its timeout and has not returned. */
    synchronized void stuck() {
        stuck++;
    }

    /** An abandoned call returned at last: a cleanup waiting for room may go on. */
    synchronized void unstuck() {
        stuck--;
        notifyAll();
    }

    /** @return calls into this handler abandoned after their timeout that have not returned */
    synchronized int stuckCalls() {
        return stuck;
    }

    /** @return whether a new call may start without adding to too many stuck ones */
    synchronized boolean hasRoom() {
        return stuck < MAX_STUCK_CALLS;
    }

    /** Waits until a new call may start; the cleanup's timeout ends the wait with an interrupt. */
    synchronized void awaitRoom() throws InterruptedException {
        while (stuck >= MAX_STUCK_CALLS) {
            wait();
        }
    }

    @Override
    public String toString() {
        return type + " [service.id " + id + ", bundle " + bundle + "]";
    }
}
