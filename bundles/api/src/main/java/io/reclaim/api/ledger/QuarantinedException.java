package io.reclaim.api.ledger;

/**
 * Thrown by a {@link Releaser} whose resource is still pinned by running code after the wait: the
 * resource is quarantined (kept, freed when its last pin ends), not freed and not failed. The
 * ledger counts it in {@link io.reclaim.api.CleanupStats#resourcesQuarantined()} and stops
 * tracking it.
 */
public class QuarantinedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public QuarantinedException(String message) {
        // a verdict, not a failure: no stack trace to fill
        super(message, null, false, false);
    }
}
