package io.reclaim.scheduler.internal;

import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;
import io.reclaim.scheduler.RunEntry;

/** A run-queue entry and where it is in its life; the state moves forward only. */
final class QueuedEntry implements RunEntry {

    enum State {
        /** tracked, not yet in the queue */
        NEW,
        QUEUED,
        /** handed to a taker; the queue no longer holds it */
        TAKEN,
        /** removed or cleaned up before anyone took it */
        REMOVED
    }

    private final Pid owner;
    private final long sequence;
    private final Runnable work;
    private final Preemption preemption;
    private volatile Lease<RunEntry> lease;
    // written under the scheduler's lock; volatile so that the releaser can skip the lock for a taken entry
    private volatile State state = State.NEW;

    QueuedEntry(Pid owner, long sequence, Runnable work, Preemption preemption) {
        this.owner = owner;
        this.sequence = sequence;
        this.work = work;
        this.preemption = preemption;
    }

    @Override
    public Pid owner() {
        return owner;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public Runnable work() {
        // whoever runs it runs it under its time slice, and its CPU time is charged to the owner
        return () -> preemption.run(owner, work);
    }

    Lease<RunEntry> lease() {
        return lease;
    }

    void tracked(Lease<RunEntry> lease) {
        this.lease = lease;
    }

    State state() {
        return state;
    }

    void moveTo(State next) {
        state = next;
    }

    @Override
    public String toString() {
        return "entry " + sequence + " of pid " + owner;
    }
}
