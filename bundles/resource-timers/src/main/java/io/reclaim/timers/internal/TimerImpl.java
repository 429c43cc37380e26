package io.reclaim.timers.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.reclaim.api.Pid;
import io.reclaim.api.ThreadCpuClock;
import io.reclaim.api.ledger.Lease;
import io.reclaim.timers.Timer;
import io.reclaim.timers.TimerKind;

/**
 * A scheduled timer. A firing marks the timer as firing before it checks that the timer is still
 * wanted and runs the action; cancelling sets the cancelled flag first and then looks at the
 * mark. Both are volatile, so a cancel either sees the firing in progress (and a cleanup waits for
 * it) or the firing sees the flag and does not run: no firing starts after a cancel returned.
 * The executor never runs one timer on two threads at once, so a firing needs no lock; a timer
 * costs no lock object either, which keeps scheduling and cancelling cheap.
 */
final class TimerImpl implements Timer {

    final TimerManagerImpl manager;
    private final long id;
    private final Pid owner;
    private final TimerKind kind;
    private final Duration period;
    private final Runnable action;
    /** the thread firing the timer now, null while it is not firing */
    private volatile Thread firingOn;
    /** the cleanup waiting for the firing to end, to be woken when it does */
    private volatile Thread waiter;
    private volatile boolean cancelled;
    private volatile boolean fired;
    private volatile long firings;
    private volatile long failures;
    private volatile ScheduledFuture<?> future;
    private volatile Lease<TimerImpl> lease;

    TimerImpl(TimerManagerImpl manager, long id, Pid owner, TimerKind kind, Duration period, Runnable action) {
        this.manager = manager;
        this.id = id;
        this.owner = owner;
        this.kind = kind;
        this.period = period;
        this.action = action;
    }

    /** What the firing thread runs, at every firing. */
    void fire() {
        firingOn = Thread.currentThread();
        try {
            if (cancelled || !manager.admits(owner)) {
                return; // cancelled, or the termination gate closed: the pid's cleanup is coming
            }
            long cpu = ThreadCpuClock.now();
            try {
                action.run();
            } catch (Throwable failure) {
                // the process's own code: an Error must not end the firing thread or the timer's schedule
                if (failures++ == 0) {
                    manager.failed(this, failure);
                }
            } finally {
                firings++;
                manager.charge(this, ThreadCpuClock.since(cpu));
            }
            if (kind == TimerKind.ONE_SHOT) {
                fired = true;
            }
        } finally {
            firingOn = null;
            Thread waiting = waiter;
            if (waiting != null) {
                LockSupport.unpark(waiting);
            }
        }
        if (fired) {
            manager.untrack(this);
        }
    }

    /**
     * Stops later firings.
     *
     * @param interrupt whether to interrupt a firing in progress
     * @return whether a firing is in progress on another thread (it may be ending)
     */
    boolean cancel(boolean interrupt) {
        cancelled = true;
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(interrupt);
        }
        return isFiringElsewhere();
    }

    boolean isFiring() {
        return firingOn != null;
    }

    private boolean isFiringElsewhere() {
        Thread on = firingOn;
        return on != null && on != Thread.currentThread();
    }

    /**
     * @return whether no firing is in progress any more, waiting up to {@code nanos} for it to end
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitIdle(long nanos) throws InterruptedException {
        if (firingOn == Thread.currentThread()) {
            return true; // the action ends its own process: the rest of this firing is the caller's
        }
        waiter = Thread.currentThread();
        try {
            long deadline = System.nanoTime() + Math.max(0, nanos);
            while (firingOn != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return true;
        } finally {
            waiter = null;
        }
    }

    void scheduled(ScheduledFuture<?> scheduled) {
        this.future = scheduled;
        if (cancelled) {
            scheduled.cancel(false); // a cleanup ran between tracking and scheduling
        }
    }

    void tracked(Lease<TimerImpl> lease) {
        this.lease = lease;
    }

    Lease<TimerImpl> lease() {
        return lease;
    }

    /** @return nanoseconds until the next firing, or -1 if none is planned */
    long nanosToNextFiring() {
        ScheduledFuture<?> scheduled = future;
        if (cancelled || fired || scheduled == null || scheduled.isDone()) {
            return -1;
        }
        return Math.max(0, scheduled.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Pid owner() {
        return owner;
    }

    @Override
    public TimerKind kind() {
        return kind;
    }

    @Override
    public Optional<Duration> period() {
        return Optional.ofNullable(period);
    }

    @Override
    public long firings() {
        return firings;
    }

    @Override
    public long failures() {
        return failures;
    }

    @Override
    public Optional<Instant> nextFiring() {
        long nanos = nanosToNextFiring();
        return nanos < 0 ? Optional.empty() : Optional.of(Instant.now().plusNanos(nanos));
    }

    @Override
    public boolean isActive() {
        return !cancelled && !fired;
    }

    @Override
    public String toString() {
        return "timer " + id + " of pid " + owner;
    }
}
