package io.reclaim.api;

import java.time.Duration;
import java.util.Optional;

/**
 * One resource a pid holds, as a resource type describes it for inspection
 * ({@code reclaim:resources -v}, {@code reclaim:leaks -v}).
 *
 * @param type the resource type
 * @param owner the pid holding it
 * @param description what the resource is, e.g. the channel or the mapping
 * @param heldFor how long it has been held, where known
 * @param site where it was acquired, where its type tracks that
 */
public record HeldResource(String type, Pid owner, String description, Optional<Duration> heldFor,
        Optional<AcquisitionSite> site) {
}
