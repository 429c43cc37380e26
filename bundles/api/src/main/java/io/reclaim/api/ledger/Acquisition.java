package io.reclaim.api.ledger;

/**
 * Opens one resource, e.g. {@code () -> FileChannel.open(path)}.
 *
 * @param <R> the resource
 * @param <X> what opening it may throw
 */
@FunctionalInterface
public interface Acquisition<R, X extends Exception> {
    R open() throws X;
}
