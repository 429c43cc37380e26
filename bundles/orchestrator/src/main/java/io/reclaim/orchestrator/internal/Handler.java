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
    private volatile boolean gone;

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

    @Override
    public String toString() {
        return type + " [service.id " + id + ", bundle " + bundle + "]";
    }
}
