package io.reclaim.ipc;

import java.time.Instant;

import io.reclaim.api.Pid;

/**
 * A message that was still queued when its receiver's mailbox went away.
 *
 * @param from the sender
 * @param to the receiver that never took it
 * @param message the payload, as {@link Message#payload()}
 * @param sent when it was sent
 * @param when when it was dead-lettered
 * @param reason why the mailbox went away, e.g. {@code "pid 7 was cleaned up"}
 */
public record DeadLetter(Pid from, Pid to, Object message, Instant sent, Instant when, String reason) {

    public static DeadLetter of(Message message, Instant when, String reason) {
        return new DeadLetter(message.from(), message.to(), message.payload(), message.sent(), when, reason);
    }
}
