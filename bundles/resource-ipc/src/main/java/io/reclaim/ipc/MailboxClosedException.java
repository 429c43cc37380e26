package io.reclaim.ipc;

import io.reclaim.api.Pid;

/**
 * The mailbox went away while it was used: a receiver waiting on it is released with this, and a
 * sender gets it instead of a place in the queue. Whatever was queued has been dead-lettered.
 */
public class MailboxClosedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Pid owner;

    public MailboxClosedException(Pid owner, String reason) {
        super("mailbox of pid " + owner + " is closed: " + reason);
        this.owner = owner;
    }

    /** @return the pid whose mailbox it was */
    public Pid owner() {
        return owner;
    }
}
