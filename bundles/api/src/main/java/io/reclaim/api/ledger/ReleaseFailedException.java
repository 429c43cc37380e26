package io.reclaim.api.ledger;

/**
 * Thrown when releasing one resource failed. The ledger no longer tracks it either way: a failed
 * release is not retried.
 */
public class ReleaseFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReleaseFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
