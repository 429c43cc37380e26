package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.reclaim.api.AcquisitionSite;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HeldResource;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessGate;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceLimitExceededException;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.Tracking;

/**
 * Tracks which pid owns which resource of one type, and releases them.
 *
 * <p>Lookups are by pid in O(1); {@link #cleanup(Pid)} costs O(resources of that pid), never a
 * scan of other pids, and releases them in the order the pid acquired them. A pid's only resource of this type is the value of its slot in a table
 * indexed by the pid's number, with no node per entry, so tracking and releasing it are one
 * compare-and-set each, and cost no more memory than the slot and the {@link Lease}. From its second resource on, the
 * entry holds a small identity set of the pid's leases, guarded by its own monitor: no lock is
 * ever shared between pids.
 *
 * <p>The termination gate: an acquisition is refused up front if the {@link ProcessGate} does not
 * admit the pid, and checked again after the lease is in place. If the gate closed in between,
 * the acquirer takes its own lease back unless a sweep already took it, releases the resource and
 * fails with {@link ProcessNotRunningException}. Because a process manager closes the gate before
 * it starts the sweep, every acquisition either lands before the sweep (and is swept) or fails:
 * nothing stays tracked for a pid whose cleanup has run, and nothing is released twice.
 *
 * <p>Beyond ownership, a ledger can record where its resources were acquired
 * ({@link #configureTracking}), report those held too long by a running pid
 * ({@link #heldTooLong}), and hand a resource from one pid to another ({@link #transfer}, and
 * {@link #inherit} when a pid ends with an heir) where the type allows it ({@link #allowTransfers}).
 *
 * @param <R> the resource type
 */
public final class ResourceLedger<R> {

    private static final Lease<?>[] NO_LEASES = {};

    private final String type;
    private final ProcessGate gate;
    private final Releaser<? super R> releaser;
    private final ToLongFunction<? super R> sizer;
    /** Per pid, its only lease, or the {@link Holdings} of its leases once it has several. */
    private final PidTable byPid = new PidTable();
    private volatile boolean closed;
    private volatile boolean transferable;
    private volatile ResourceLimit defaultLimit = ResourceLimit.UNLIMITED;
    /** The size of a lease for a byte limit; 0 if its lookup fails (the count limit still holds). */
    private final ToLongFunction<Lease<?>> leaseBytes = this::bytesOf;
    private final AcquisitionSites sites = new AcquisitionSites();
    private final HoldTimes holdTimes = new HoldTimes();
    // counts for statistics only: LongAdder keeps them off the contended path
    private final LongAdder acquired = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder bytesReleased = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param type the resource type, used in messages
     * @param gate tells which pids may acquire
     * @param releaser releases one resource for real
     * @param sizer the size in bytes of one resource (0 for types without one)
     */
    public ResourceLedger(String type, ProcessGate gate, Releaser<? super R> releaser,
            ToLongFunction<? super R> sizer) {
        this.type = Objects.requireNonNull(type, "type");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.releaser = Objects.requireNonNull(releaser, "releaser");
        this.sizer = Objects.requireNonNull(sizer, "sizer");
    }

    public String type() {
        return type;
    }

    /**
     * Opens a resource for {@code pid} and tracks it. The gate is checked before anything is
     * opened; if tracking fails afterwards, the resource is released before the exception leaves.
     *
     * @throws ProcessNotRunningException if {@code pid} may not acquire
     * @throws IllegalStateException if the ledger is closed (its bundle is stopping)
     * @throws X if opening fails; nothing is tracked then
     */
    public <T extends R, X extends Exception> Lease<T> acquire(Pid pid, Acquisition<T, X> acquisition) throws X {
        checkOpen(pid);
        gate.checkAdmits(pid);
        ResourceLimit limit = limitOf(pid);
        if (limit.count() != Long.MAX_VALUE && count(pid) >= limit.count()) {
            throw new ResourceLimitExceededException(pid, type, limit, usage(pid)); // nothing opened
        }
        return track(pid, acquisition.open(), limit);
    }

    /**
     * Tracks a resource that the caller already opened for {@code pid}. If it cannot be tracked,
     * it is released here and the exception says why.
     *
     * @throws ProcessNotRunningException if {@code pid} may not acquire
     * @throws IllegalStateException if the ledger is closed
     */
    public <T extends R> Lease<T> track(Pid pid, T resource) {
        Objects.requireNonNull(resource, "resource");
        return track(pid, resource, limitOf(pid));
    }

    private <T extends R> Lease<T> track(Pid pid, T resource, ResourceLimit limit) {
        Lease<T> lease = new Lease<>(pid, resource, this);
        sites.record(lease); // before it is placed: a sweep that takes it forgets the site too
        for (;;) {
            Settled settled = settle(lease, limit);
            if (settled == Settled.OVER) {
                sites.forget(lease);
                releaseQuietly(resource);
                throw new ResourceLimitExceededException(pid, type, limit, usage(pid));
            }
            if (settled == Settled.HELD) {
                acquired.increment();
                holdTimes.stamp(lease);
                return lease;
            }
            if (settled == Settled.TAKEN_BACK && !closed && gate.admits(pid)) {
                continue; // a gate that admits again (not one of a process manager): track anew
            }
            if (settled == Settled.TAKEN_BACK) {
                sites.forget(lease);
                releaseQuietly(resource);
            }
            checkOpen(pid);
            gate.checkAdmits(pid);
            throw new IllegalStateException(type + " of pid " + pid + " was released by a cleanup that ran while it was acquired");
        }
    }

    /** What {@link #settle} did with a lease. */
    private enum Settled { HELD, TAKEN_BACK, SWEPT, OVER }

    /**
     * Puts a lease in its owner's entry and checks the gate again. If the gate closed, or the
     * ledger, while it was being placed, takes it back unless a sweep already took it: exactly one
     * side releases the resource.
     */
    private Settled settle(Lease<?> lease, ResourceLimit limit) {
        if (!place(lease, limit)) {
            return Settled.OVER;
        }
        if (!closed && gate.admits(lease.owner())) {
            return Settled.HELD;
        }
        return take(lease) ? Settled.TAKEN_BACK : Settled.SWEPT;
    }

    /**
     * Puts the lease in its owner's entry, within {@code limit}. The usual path, a pid that already
     * holds one and no limit, allocates nothing.
     *
     * @return false if that would take the owner past the limit; the lease is not placed then
     */
    private boolean place(Lease<?> lease, ResourceLimit limit) {
        Pid pid = lease.owner();
        boolean limited = !limit.isUnlimited();
        long bytes = limit.bytes() == Long.MAX_VALUE ? 0 : bytesOf(lease);
        for (;;) {
            Object held = byPid.get(pid);
            if (held == null) {
                if (limited && !limit.admits(ResourceUsage.NONE, bytes)) {
                    return false;
                }
                held = byPid.putIfAbsent(pid, lease);
                if (held == null) {
                    return true;
                }
            }
            if (held instanceof Holdings) {
                Holdings holdings = (Holdings) held;
                if (!limited) {
                    if (holdings.add(lease)) {
                        return true;
                    }
                } else {
                    Holdings.Added added = holdings.addWithin(lease, bytes, limit, leaseBytes);
                    if (added != Holdings.Added.SEALED) {
                        return added == Holdings.Added.ADDED;
                    }
                }
                byPid.remove(pid, holdings); // sealed on becoming empty: help its taker remove it
            } else {
                Lease<?> only = (Lease<?>) held;
                if (limited && !limit.admits(new ResourceUsage(1, limit.bytes() == Long.MAX_VALUE ? 0 : bytesOf(only)), bytes)) {
                    return false;
                }
                if (byPid.replace(pid, held, new Holdings(only, lease))) {
                    return true;
                }
            }
        }
    }

    /** Sets the limit every pid has unless its process sets its own ({@link ProcessGate#limit}); for acquisitions from now on. */
    public void configureLimit(ResourceLimit limit) {
        defaultLimit = Objects.requireNonNull(limit, "limit");
    }

    /** @return the limit of a pid whose process sets none */
    public ResourceLimit defaultLimit() {
        return defaultLimit;
    }

    /** @return the limit that applies to {@code pid} now */
    public ResourceLimit limitOf(Pid pid) {
        ResourceLimit own = gate.limit(pid, type);
        return own != null ? own : defaultLimit;
    }

    /** O(1). */
    private long count(Pid pid) {
        Object held = byPid.get(pid);
        return held == null ? 0 : held instanceof Holdings ? ((Holdings) held).size() : 1;
    }

    /** @return true if this call took the lease out of the ledger, so the caller now owns its release */
    private boolean take(Lease<?> lease) {
        Pid pid = lease.owner();
        for (;;) {
            Object held = byPid.get(pid);
            if (held == lease) {
                if (byPid.remove(pid, lease)) {
                    return true;
                }
                continue; // it moved into holdings meanwhile, or a sweep took it
            }
            if (!(held instanceof Holdings)) {
                return false;
            }
            Holdings holdings = (Holdings) held;
            switch (holdings.take(lease, leaseBytes)) {
                case EMPTIED:
                    byPid.remove(pid, holdings);
                    return true;
                case TAKEN:
                    return true;
                default:
                    return false;
            }
        }
    }

    /** O(1); what {@link Lease#isHeld()} asks. */
    boolean holds(Lease<?> lease) {
        Object held = byPid.get(lease.owner());
        return held == lease || held instanceof Holdings && ((Holdings) held).contains(lease);
    }

    /**
     * Releases one resource on its owner's request.
     *
     * @return the bytes freed; 0 if the resource is quarantined because running code still pins it
     *     (it is no longer tracked, and is freed when its last pin ends)
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own the lease; nothing is released
     * @throws IllegalArgumentException if the lease is another ledger's; nothing is released
     * @throws IllegalStateException if it was already released
     * @throws ReleaseFailedException if releasing failed; it is no longer tracked
     */
    public long release(Pid caller, Lease<? extends R> lease) {
        long bytes = releaseHeld(caller, lease);
        if (bytes < 0) {
            throw new IllegalStateException(type + " handle of pid " + caller + " is already released");
        }
        return bytes;
    }

    /**
     * Releases one resource unless a cleanup or another release got to it first: for hand-overs
     * where losing that race is normal (a queue entry taken, a task that finished).
     *
     * @return whether this call released it
     * @throws io.reclaim.api.WrongOwnerException if {@code caller} does not own the lease; nothing is released
     * @throws IllegalArgumentException if the lease is another ledger's; nothing is released
     * @throws ReleaseFailedException if releasing failed; it is no longer tracked
     */
    public boolean releaseIfHeld(Pid caller, Lease<? extends R> lease) {
        return releaseHeld(caller, lease) >= 0;
    }

    /** @return the bytes freed, or -1 if the lease was no longer held */
    private long releaseHeld(Pid caller, Lease<? extends R> lease) {
        lease.checkOwner(caller);
        checkOwnLease(lease);
        if (!take(lease)) {
            return -1;
        }
        sites.forget(lease);
        R resource = lease.resource();
        // The lease is out of the map now: whatever the size lookup or the release throws, an
        // Error included, must not lose it silently. Both run under one catch; the release
        // happens even if the size cannot be told.
        long size = 0;
        Throwable failure = null;
        try {
            size = sizer.applyAsLong(resource);
        } catch (Throwable e) {
            failure = e;
        }
        try {
            releaser.release(resource);
        } catch (QuarantinedException e) {
            return 0; // still pinned by running code: kept until its last pin ends, nothing freed now
        } catch (Throwable e) {
            failures.increment();
            throw new ReleaseFailedException(type + ": releasing " + resource + " failed: " + e, e);
        }
        released.increment();
        if (failure != null) {
            failures.increment();
            throw new ReleaseFailedException(type + ": released " + resource + " but its size lookup failed: "
                    + failure, failure);
        }
        if (size != 0) {
            bytesReleased.add(size);
        }
        return size;
    }

    /**
     * Releases everything {@code pid} holds. Acquisitions racing this call either land before it
     * and are released by it, or fail.
     */
    public CleanupStats cleanup(Pid pid) {
        Object held = byPid.remove(pid);
        if (held == null) {
            return CleanupStats.NONE;
        }
        return sweep(held instanceof Holdings ? ((Holdings) held).seal() : new Lease<?>[] {(Lease<?>) held});
    }

    /**
     * Closes the ledger for good and releases every resource of every pid; used when the owning
     * bundle stops. Later acquisitions fail with {@link IllegalStateException}.
     */
    public CleanupStats close() {
        closed = true;
        CleanupStats total = CleanupStats.NONE;
        for (Pid pid : byPid.pids()) {
            total = total.plus(cleanup(pid));
        }
        return total;
    }

    public boolean isClosed() {
        return closed;
    }

    /** O(1). */
    public boolean has(Pid pid) {
        Object held = byPid.get(pid);
        return held instanceof Holdings ? !((Holdings) held).isEmpty() : held != null;
    }

    /** O(resources of {@code pid}). */
    public ResourceUsage usage(Pid pid) {
        long count = 0;
        long bytes = 0;
        for (Lease<?> lease : held(pid)) {
            count++;
            bytes += sizeOf(lease);
        }
        return new ResourceUsage(count, bytes);
    }

    /** @return the resources {@code pid} holds now, for inspection; releasing them stays with the ledger */
    public List<Lease<? extends R>> leases(Pid pid) {
        Lease<?>[] held = held(pid);
        List<Lease<? extends R>> result = new ArrayList<>(held.length);
        for (Lease<?> lease : held) {
            result.add(cast(lease));
        }
        return Collections.unmodifiableList(result);
    }

    /**
     * O(resources of {@code pid}), without a lookup per resource: for a cleanup that asks whether
     * it may block, e.g. whether the pid holds a resource that may wait on release.
     *
     * @return whether {@code pid} holds a resource that {@code matching} accepts
     */
    public boolean holdsAny(Pid pid, Predicate<? super R> matching) {
        for (Lease<?> lease : held(pid)) {
            if (matching.test(cast(lease).resource())) {
                return true;
            }
        }
        return false;
    }

    /** @return the pids holding at least one resource */
    public List<Pid> owners() {
        List<Pid> owners = new ArrayList<>();
        byPid.forEach((pid, held) -> {
            if (!(held instanceof Holdings) || !((Holdings) held).isEmpty()) {
                owners.add(pid);
            }
        });
        return owners;
    }

    private Lease<?>[] held(Pid pid) {
        Object held = byPid.get(pid);
        if (held == null) {
            return NO_LEASES;
        }
        return held instanceof Holdings ? ((Holdings) held).snapshot() : new Lease<?>[] {(Lease<?>) held};
    }

    /** Releases leases that this call took out of the ledger, each exactly once. */
    private CleanupStats sweep(Lease<?>[] leases) {
        long freed = 0;
        long bytes = 0;
        long failures = 0;
        long quarantined = 0;
        long bytesQuarantined = 0;
        List<String> errors = List.of();
        for (Lease<?> lease : leases) {
            R resource = cast(lease).resource();
            sites.forget(lease);
            // Every lease here is already out of the map: a Throwable from one resource's size
            // lookup or release (Errors included, even a VirtualMachineError, whose thrower has
            // unwound by now) is recorded against that resource, and the rest are still
            // released. Rethrowing would leave them held by nobody.
            String failed = null;
            long size = 0;
            try {
                size = sizer.applyAsLong(resource);
            } catch (Throwable e) {
                failed = "size lookup of " + resource + " of pid " + lease.owner() + " failed: " + e;
            }
            try {
                releaser.release(resource);
                freed++;
                bytes += size;
            } catch (QuarantinedException e) {
                quarantined++;
                bytesQuarantined += size;
            } catch (Throwable e) {
                failed = "releasing " + resource + " of pid " + lease.owner() + " failed: " + e;
            }
            if (failed != null) {
                failures++;
                if (errors.isEmpty()) {
                    errors = new ArrayList<>();
                }
                errors.add(type + ": " + failed);
            }
        }
        released.add(freed);
        bytesReleased.add(bytes);
        this.failures.add(failures);
        return new CleanupStats(freed, bytes, failures, errors, quarantined, bytesQuarantined);
    }

    /**
     * Sets how much this ledger records about where its resources are acquired; applies to
     * acquisitions from now on.
     *
     * @param sample one in this many acquisitions is recorded when {@code tracking} is
     *     {@link Tracking#SAMPLED}
     * @throws IllegalArgumentException if {@code sample} is less than 1; nothing changes
     */
    public void configureTracking(Tracking tracking, int sample) {
        sites.configure(Objects.requireNonNull(tracking, "tracking"), sample);
    }

    public Tracking tracking() {
        return sites.level();
    }

    public int trackingSample() {
        return sites.sample();
    }

    /** Leaves the frames of classes in {@code managerPackage} (not its subpackages) out of recorded sites. */
    void leaveOutOfSites(String managerPackage) {
        sites.leaveOut(managerPackage);
    }

    /** @return where {@code lease} was acquired, if this ledger recorded it */
    public Optional<AcquisitionSite> site(Lease<?> lease) {
        return sites.of(lease);
    }

    /**
     * O(resources of {@code pid}).
     *
     * @return each resource {@code pid} holds, with its acquisition site and age where recorded
     */
    public List<HeldResource> describe(Pid pid) {
        Lease<?>[] held = held(pid);
        List<HeldResource> described = new ArrayList<>(held.length);
        long now = System.currentTimeMillis();
        for (Lease<?> lease : held) {
            Optional<AcquisitionSite> site = sites.of(lease);
            described.add(new HeldResource(type, pid, String.valueOf(lease.resource()),
                    site.map(s -> Duration.ofMillis(Math.max(0, now - s.at().toEpochMilli()))), site));
        }
        return described;
    }

    /**
     * Sets how long a running pid may hold one resource of this type before it is reported by
     * {@link #heldTooLong()}; zero turns the report off (the default) and costs nothing.
     *
     * @throws IllegalArgumentException if {@code threshold} is negative; nothing changes
     */
    public void reportHeldLongerThan(Duration threshold) {
        if (threshold.isNegative()) {
            throw new IllegalArgumentException("the held-too-long threshold cannot be negative: " + threshold);
        }
        holdTimes.configure(threshold);
    }

    /** @return the held-too-long threshold; zero when off */
    public Duration heldTooLongThreshold() {
        return holdTimes.threshold();
    }

    /**
     * The resources held longer than the threshold by pids the gate still admits, oldest first.
     * Costs the suspects plus what aged past the threshold since the last call, not a scan of
     * everything tracked.
     */
    public List<HeldResource> heldTooLong() {
        List<HoldTimes.Stamp> stamps = holdTimes.sweep(lease -> holds(lease) && gate.admits(lease.owner()));
        List<HeldResource> found = new ArrayList<>(stamps.size());
        long now = System.nanoTime();
        for (HoldTimes.Stamp stamp : stamps) {
            Lease<?> lease = stamp.lease();
            found.add(new HeldResource(type, lease.owner(), String.valueOf(lease.resource()),
                    Optional.of(Duration.ofNanos(now - stamp.since())), sites.of(lease)));
        }
        return found;
    }

    /**
     * Lets resources of this type change hands ({@link #transfer}, {@link #inherit}). Off by
     * default: only a type whose resources hold nothing of their owner (an open file, a socket)
     * should allow it, not one that runs code for its owner or charges it (a task, memory).
     */
    public void allowTransfers(boolean allowed) {
        this.transferable = allowed;
    }

    public boolean allowsTransfers() {
        return transferable;
    }

    /**
     * Hands a resource from {@code from} to {@code to}, atomically against both pids' termination
     * gates: afterwards exactly one of them holds it, or it was released by a cleanup of the one
     * that held it last; never both, never neither. The recorded acquisition site moves with it.
     *
     * @return {@code to}'s lease of the resource; {@code lease} is no longer held
     * @throws io.reclaim.api.WrongOwnerException if {@code from} does not own the lease; nothing changes
     * @throws IllegalArgumentException if the lease is another ledger's, or {@code from} is {@code to}
     * @throws UnsupportedOperationException if this type does not allow transfers
     * @throws ProcessNotRunningException if {@code to} may not acquire: the resource stays with
     *     {@code from}, or, if {@code from} is ending as well, is released
     * @throws IllegalStateException if the lease was already released, or the ledger is closed
     */
    public <T extends R> Lease<T> transfer(Pid from, Pid to, Lease<T> lease) {
        lease.checkOwner(from);
        checkOwnLease(lease);
        if (from.equals(to)) {
            throw new IllegalArgumentException(type + ": pid " + from + " cannot transfer to itself");
        }
        if (!transferable) {
            throw new UnsupportedOperationException(type + " resources cannot change hands");
        }
        checkOpen(to);
        gate.checkAdmits(to);
        if (!take(lease)) {
            throw new IllegalStateException(type + " handle of pid " + from + " is already released");
        }
        // In transit: the resource is in no entry and this thread alone may put it back or release it.
        Lease<T> moved = new Lease<>(to, lease.resource(), this);
        sites.moved(lease, moved);
        ResourceLimit limit = limitOf(to);
        Settled settled = settle(moved, limit);
        if (settled == Settled.HELD) {
            holdTimes.stamp(moved);
            return moved;
        }
        if (settled == Settled.OVER || settled == Settled.TAKEN_BACK) {
            sites.moved(moved, lease);
            // back to its owner, who held it within its limit a moment ago
            if (settle(lease, ResourceLimit.UNLIMITED) == Settled.TAKEN_BACK) {
                // both pids are ending and neither sweep saw it: release it here
                sweep(new Lease<?>[] {lease});
            }
        }
        if (settled == Settled.OVER) {
            throw new ResourceLimitExceededException(to, type, limit, usage(to));
        }
        checkOpen(to);
        gate.checkAdmits(to);
        throw new IllegalStateException(type + " of pid " + from + " was released by a cleanup of pid " + to
                + " that ran while it was transferred");
    }

    /**
     * Checks up front what {@link #transfer} checks of its target.
     *
     * @throws ProcessNotRunningException if {@code to} may not acquire
     * @throws IllegalStateException if the ledger is closed
     */
    public void checkAdmitsTransferTo(Pid to) {
        checkOpen(to);
        gate.checkAdmits(to);
    }

    /**
     * Hands everything {@code pid} holds to {@code heir}, for the cleanup of a pid that ends with
     * an heir: if this type allows transfers and {@code heir} is admitted, each resource goes to
     * {@code heir}; one the heir cannot take (it ends meanwhile, or is at its limit) is released
     * as in a cleanup. Otherwise nothing changes and the caller's cleanup releases it all.
     *
     * @return what was released, with {@link CleanupStats#resourcesInherited()} counting what the heir got
     */
    public CleanupStats inherit(Pid pid, Pid heir) {
        if (!transferable || heir == null || heir.equals(pid) || closed || !gate.admits(heir)) {
            return CleanupStats.NONE;
        }
        Object held = byPid.remove(pid);
        if (held == null) {
            return CleanupStats.NONE;
        }
        Lease<?>[] leases = held instanceof Holdings ? ((Holdings) held).seal() : new Lease<?>[] {(Lease<?>) held};
        List<Lease<?>> refused = new ArrayList<>();
        long inherited = 0;
        ResourceLimit limit = limitOf(heir);
        for (Lease<?> lease : leases) {
            Lease<?> moved = new Lease<>(heir, lease.resource(), this);
            sites.moved(lease, moved);
            Settled settled = settle(moved, limit);
            if (settled == Settled.HELD) {
                holdTimes.stamp(moved);
                inherited++;
            } else if (settled != Settled.SWEPT) {
                refused.add(moved); // the heir ends, or is at its limit: released like the rest
            } // SWEPT: the heir's own cleanup took it and releases it
        }
        return sweep(refused.toArray(NO_LEASES)).plus(CleanupStats.inherited(inherited));
    }

    /** @return counts since this ledger was made */
    public ResourceTotals totals() {
        return new ResourceTotals(acquired.sum(), released.sum(), bytesReleased.sum(), failures.sum());
    }

    private void checkOwnLease(Lease<?> lease) {
        if (lease.ledger() != this) {
            throw new IllegalArgumentException(lease + " is not tracked by the " + type + " ledger");
        }
    }

    private void checkOpen(Pid pid) {
        if (closed) {
            throw new IllegalStateException(type + " is stopped: no resources can be acquired for pid " + pid);
        }
    }

    private void releaseQuietly(R resource) {
        try {
            releaser.release(resource);
        } catch (Throwable ignored) {
            // the acquisition fails anyway; the caller never saw this resource
        }
    }

    private long bytesOf(Lease<?> lease) {
        try {
            return sizeOf(lease);
        } catch (Throwable e) {
            return 0;
        }
    }

    private long sizeOf(Lease<?> lease) {
        return sizer.applyAsLong(cast(lease).resource());
    }

    @SuppressWarnings("unchecked")
    private Lease<? extends R> cast(Lease<?> lease) {
        return (Lease<? extends R>) lease;
    }
}
