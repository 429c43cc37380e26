package io.reclaim.api;

import java.time.Duration;

/**
 * One step of the cleanup a pid would get now: a dry run, nothing is released.
 *
 * @param handler the handler, at its place in the order
 * @param usage what it would free for the pid
 * @param timeout how long it would be given
 */
public record PlannedCleanup(HandlerInfo handler, ResourceUsage usage, Duration timeout) {
}
