package io.reclaim.api;

/**
 * Thrown when an acquisition would take a pid past its limit of one resource type. Nothing is
 * acquired: a resource already opened for the attempt is released before this is thrown.
 */
public class ResourceLimitExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final Pid pid;
    private final String type;
    private final ResourceLimit limit;
    private final ResourceUsage held;

    public ResourceLimitExceededException(Pid pid, String type, ResourceLimit limit, ResourceUsage held) {
        this(pid, type, limit, held, "pid " + pid + " holds " + describe(held, limit) + " " + type + ", its limit is "
                + limit + ": refused");
    }

    /** For a subtype with a message of its own. */
    protected ResourceLimitExceededException(Pid pid, String type, ResourceLimit limit, ResourceUsage held,
            String message) {
        super(message);
        this.pid = pid;
        this.type = type;
        this.limit = limit;
        this.held = held;
    }

    private static String describe(ResourceUsage held, ResourceLimit limit) {
        return limit.bytes() == Long.MAX_VALUE ? Long.toString(held.count())
                : held.count() + " (" + held.bytes() + " bytes)";
    }

    public Pid pid() {
        return pid;
    }

    public String type() {
        return type;
    }

    public ResourceLimit limit() {
        return limit;
    }

    /** @return what the pid held when it was refused */
    public ResourceUsage held() {
        return held;
    }
}
