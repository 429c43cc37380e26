package io.reclaim.api.ledger;

/**
 * Releases one resource for real: closes the channel, unmaps the region, frees the memory.
 *
 * @param <R> the resource
 */
@FunctionalInterface
public interface Releaser<R> {
    void release(R resource) throws Exception;
}
