package io.reclaim.ipc;

/**
 * How an {@link IpcManager} created in plain Java behaves; in OSGi the same values come from
 * Configuration Admin under the pid {@code io.reclaim.ipc}.
 *
 * @param defaultCapacity the capacity of a mailbox opened without one
 * @param deadLetterCapacity dead letters kept; beyond it the oldest are evicted, counted and logged
 */
public record IpcSettings(int defaultCapacity, int deadLetterCapacity) {

    public static final int DEFAULT_CAPACITY = 256;
    public static final int DEFAULT_DEAD_LETTER_CAPACITY = 1000;

    /** Mailboxes of 256 messages, 1000 dead letters kept. */
    public static final IpcSettings DEFAULTS = new IpcSettings(DEFAULT_CAPACITY, DEFAULT_DEAD_LETTER_CAPACITY);

    /**
     * @throws IllegalArgumentException if a number is not positive
     */
    public IpcSettings {
        if (defaultCapacity < 1) {
            throw new IllegalArgumentException("a mailbox capacity must be at least 1, got " + defaultCapacity);
        }
        if (deadLetterCapacity < 1) {
            throw new IllegalArgumentException("the dead-letter capacity must be at least 1, got " + deadLetterCapacity);
        }
    }
}
