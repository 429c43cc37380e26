package io.reclaim.management;

/**
 * The Event Admin topics Reclaim publishes to, and their properties. Events are delivered from a
 * thread of Reclaim's own, in the order they happened, so a subscriber never slows the spawn or
 * the end it hears of. That thread sends each event ({@code sendEvent}) and takes the next once
 * every subscriber has had it, so a slow subscriber makes events wait in Reclaim's bounded queue,
 * never in an unbounded one of Event Admin's; past that queue they are dropped, and counted in
 * {@link #EVENTS_DROPPED}.
 */
public final class ReclaimEvents {

    /** Every topic below starts with this; subscribe to {@code io/reclaim/*} for all of them. */
    public static final String TOPIC_PREFIX = "io/reclaim/";

    /** A process was spawned: {@link #PID}, {@link #NAME}, {@link #OS_PID}. */
    public static final String PROCESS_SPAWNED = "io/reclaim/process/SPAWNED";

    /**
     * A process ended and its cleanup ran: {@link #PID}, {@link #NAME}, {@link #OS_PID},
     * {@link #ENDING}, {@link #EXIT_CODE} (when known), {@link #FREED_COUNT}, {@link #FREED_BYTES},
     * {@link #ERROR_COUNT}, {@link #ERRORS}, {@link #DURATION_MS}, {@link #LIFETIME_MS}.
     */
    public static final String PROCESS_ENDED = "io/reclaim/process/ENDED";

    /** A cleanup handler failed for a pid: {@link #PID}, {@link #TYPE}, {@link #RANKING}, {@link #ERROR}. */
    public static final String CLEANUP_FAILED = "io/reclaim/cleanup/FAILED";

    /** A cleanup handler was abandoned after its timeout: the properties of {@link #CLEANUP_FAILED}. */
    public static final String CLEANUP_TIMEOUT = "io/reclaim/cleanup/TIMEOUT";

    /**
     * Resources are still tracked for a pid after its cleanup: {@link #PID}, {@link #NAME},
     * {@link #TYPES}, {@link #COUNT}, {@link #BYTES}.
     */
    public static final String LEAK_FOUND = "io/reclaim/leak/FOUND";

    /**
     * A resource has been held longer than its type's threshold by a pid that still runs:
     * {@link #PID}, {@link #TYPE}, {@link #RESOURCE}, {@link #HELD_MS} and, where the type records
     * it, {@link #SITE}. Posted once per resource, within a second of crossing the threshold.
     */
    public static final String LEAK_SUSPECT = "io/reclaim/leak/SUSPECT";

    /**
     * Events were dropped because the publisher's queue was full: {@link #COUNT} (spawns and ends
     * whose events were dropped since the last such event), {@link #TOTAL} (since the publisher
     * started). Posted at most once a second.
     */
    public static final String EVENTS_DROPPED = "io/reclaim/events/DROPPED";

    /** {@code Long}: a count since the publisher started. */
    public static final String TOTAL = "total";

    /** {@code String}: what the resource is. */
    public static final String RESOURCE = "resource";
    /** {@code Long}: how long it has been held, in milliseconds. */
    public static final String HELD_MS = "held.ms";
    /** {@code String}: where it was acquired, one line: the caller's frame, thread and time. */
    public static final String SITE = "site";

    /** {@code Long}: the Reclaim pid. */
    public static final String PID = "pid";
    /** {@code String}: the process's name. */
    public static final String NAME = "name";
    /** {@code Long}: the OS pid of its child, 0 for a logical process. */
    public static final String OS_PID = "os.pid";
    /** {@code String}: how it ended, an {@link io.reclaim.api.Ending} name. */
    public static final String ENDING = "ending";
    /** {@code Integer}: the OS child's exit status; absent when none is known. */
    public static final String EXIT_CODE = "exit.code";
    /** {@code Long}: resources its cleanup freed. */
    public static final String FREED_COUNT = "freed.count";
    /** {@code Long}: bytes its cleanup freed. */
    public static final String FREED_BYTES = "freed.bytes";
    /** {@code Long}: how many errors its cleanup had. */
    public static final String ERROR_COUNT = "error.count";
    /** {@code String[]}: every error of its cleanup, in order. */
    public static final String ERRORS = "errors";
    /** {@code Long}: how long its cleanup took, in milliseconds. */
    public static final String DURATION_MS = "duration.ms";
    /** {@code Long}: from spawn to the end of its cleanup, in milliseconds. */
    public static final String LIFETIME_MS = "lifetime.ms";
    /** {@code String}: the resource type of a cleanup handler. */
    public static final String TYPE = "type";
    /** {@code Integer}: the ranking the handler ran at. */
    public static final String RANKING = "ranking";
    /** {@code String}: why the handler failed. */
    public static final String ERROR = "error";
    /** {@code String[]}: the resource types still tracked for the pid. */
    public static final String TYPES = "types";
    /** {@code Long}: resources still tracked for the pid. */
    public static final String COUNT = "count";
    /** {@code Long}: their bytes. */
    public static final String BYTES = "bytes";

    private ReclaimEvents() {
    }
}
