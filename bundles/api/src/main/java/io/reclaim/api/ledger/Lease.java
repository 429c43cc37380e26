package io.reclaim.api.ledger;

import io.reclaim.api.Pid;
import io.reclaim.api.WrongOwnerException;

/**
 * A handle on one tracked resource: who owns it and what it is. Only the owner may use it
 * ({@link #resource(Pid)}) or release it ({@link ResourceLedger#release(Pid, Lease)}).
 *
 * <p>A lease is deliberately small (three references): the ledger's memory per resource is this
 * object plus one map entry.
 *
 * @param <R> the resource type
 */
public final class Lease<R> {

    private final Pid owner;
    private final R resource;
    final Holdings holdings;

    Lease(Pid owner, R resource, Holdings holdings) {
        this.owner = owner;
        this.resource = resource;
        this.holdings = holdings;
    }

    public Pid owner() {
        return owner;
    }

    /**
     * The resource, for its owner.
     *
     * @throws WrongOwnerException if {@code caller} does not own it
     * @throws IllegalStateException if it has been released
     */
    public R resource(Pid caller) {
        checkOwner(caller);
        if (!isHeld()) {
            throw new IllegalStateException(holdings.type + " handle of pid " + owner + " is already released");
        }
        return resource;
    }

    /** @return whether the resource is still tracked (not yet released by its owner or a cleanup) */
    public boolean isHeld() {
        return holdings.contains(this);
    }

    void checkOwner(Pid caller) {
        if (!owner.equals(caller)) {
            throw new WrongOwnerException(holdings.type, owner, caller);
        }
    }

    R resource() {
        return resource;
    }

    @Override
    public String toString() {
        return holdings.type + "[pid " + owner + ": " + resource + "]";
    }
}
