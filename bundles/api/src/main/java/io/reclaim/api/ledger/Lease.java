package io.reclaim.api.ledger;

import io.reclaim.api.Pid;
import io.reclaim.api.WrongOwnerException;

/**
 * A handle on one tracked resource: who owns it and what it is. Only the owner may use it
 * ({@link #resource(Pid)}) or release it ({@link ResourceLedger#release(Pid, Lease)}).
 *
 * <p>A lease is deliberately small (three references and its place in the order of acquisition, 32
 * bytes with compressed references): a pid's only resource of a type costs the ledger this object
 * and a slot of the pid table, and each further one this object and a slot in the pid's holdings.
 *
 * @param <R> the resource type
 */
public final class Lease<R> {

    private final Pid owner;
    private final R resource;
    private final ResourceLedger<?> ledger;
    /**
     * Where it stands in its owner's acquisitions of this type, once the owner holds two or more:
     * written and read by {@link Holdings} under its monitor, so that a sweep releases in the order
     * acquired.
     */
    int order;

    Lease(Pid owner, R resource, ResourceLedger<?> ledger) {
        this.owner = owner;
        this.resource = resource;
        this.ledger = ledger;
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
            throw new IllegalStateException(ledger.type() + " handle of pid " + owner + " is already released");
        }
        return resource;
    }

    /**
     * Hands the resource to {@code to}, as {@link ResourceLedger#transfer} does: atomically against
     * both pids' termination gates, for a type that allows it.
     *
     * @return {@code to}'s lease; this one is no longer held
     * @throws WrongOwnerException if {@code caller} does not own this lease; nothing changes
     * @throws UnsupportedOperationException if the type's resources cannot change hands
     * @throws io.reclaim.api.ProcessNotRunningException if {@code to} is not running; the resource stays
     * @throws io.reclaim.api.ResourceLimitExceededException if {@code to} is at its limit; the resource stays
     * @throws IllegalStateException if the resource was already released
     */
    @SuppressWarnings("unchecked")
    public Lease<R> transfer(Pid caller, Pid to) {
        return ((ResourceLedger<? super R>) ledger).transfer(caller, to, this);
    }

    /** @return whether the resource is still tracked (not yet released by its owner or a cleanup) */
    public boolean isHeld() {
        return ledger.holds(this);
    }

    void checkOwner(Pid caller) {
        if (!owner.equals(caller)) {
            throw new WrongOwnerException(ledger.type(), owner, caller);
        }
    }

    ResourceLedger<?> ledger() {
        return ledger;
    }

    R resource() {
        return resource;
    }

    @Override
    public String toString() {
        return ledger.type() + "[pid " + owner + ": " + resource + "]";
    }
}
