package io.reclaim.ipc;

import java.time.Instant;

import io.reclaim.api.Pid;

/**
 * One message between two processes.
 *
 * @param from the sender
 * @param to the receiver
 * @param payload what was sent; a {@code byte[]} is the manager's own copy, any other object is
 *     the reference the sender passed (send immutable values)
 * @param sent when it was sent
 */
public record Message(Pid from, Pid to, Object payload, Instant sent) {
}
