package io.reclaim.ipc;

import io.reclaim.api.Pid;

/** The receiver's mailbox had no room (within the timeout, if one was given); the message was not sent. */
public class MailboxFullException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public MailboxFullException(Pid owner, int capacity) {
        super("mailbox of pid " + owner + " is full (" + capacity + " messages): message not sent");
    }
}
