package io.reclaim.orchestrator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;

/**
 * One cleanup of one pid: runs a snapshot of the handlers one after another, those that cannot
 * block on the calling thread and the rest on a worker thread while the calling thread watches
 * the clock.
 *
 * <p>Leading handlers whose {@link io.reclaim.api.ResourceCleanup#cleanupMayBlock cleanupMayBlock}
 * says no run right on the calling thread: no hand-off, no timeout, which is what makes a process
 * holding only in-memory resources cheap to end. From the first handler that may block, the rest
 * of the sequence runs on one worker, so a handler costs no further thread hand-off. Only when a
 * handler overruns its timeout does the caller take over: it records the timeout, interrupts the
 * worker, leaves it behind and starts a fresh worker at the next handler. Which of the two
 * decides a handler's outcome is settled under this object's lock, and the caller interrupts
 * only while holding it, so an abandoned worker clears its interrupt before it can go back to
 * the pool and never carries it into another pid's cleanup.
 *
 * <p>A handler that hangs for every pid would cost one abandoned thread per ended pid. So a
 * worker does not call a handler that already has {@link Handler#MAX_STUCK_CALLS} calls stuck in
 * it: it waits, within this handler's timeout, for one of them to return, the way Felix Health
 * Checks wait for a check still running instead of starting it again. If none returns in time,
 * the handler is recorded as timed out for this pid without having been called, and the waiting
 * worker, interrupted like any abandoned one, goes back to the pool at once.
 */
final class CleanupRun implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupRun.class);

    private final Pid pid;
    /** Inherits what the handlers allow; null for an ordinary cleanup. */
    private final Pid heir;
    private final RankedHandler[] handlers;
    private final long timeoutNanos;
    private final Executor workers;
    private final HandlerOutcome[] outcomes;

    // guarded by this
    private int next;          // first handler whose outcome is not settled yet
    private int started = -1;  // handler the current worker is running, if equal to next
    private long startedAt;
    private Thread worker;
    private boolean waitingForRoom;  // the current worker waits for a stuck call of its handler to return
    private final boolean[] stuckAt; // handlers whose call this run abandoned while in the handler

    CleanupRun(Pid pid, Pid heir, RankedHandler[] handlers, Duration timeout, Executor workers) {
        this.pid = pid;
        this.heir = heir;
        this.handlers = handlers;
        this.timeoutNanos = saturatedNanos(timeout);
        this.workers = workers;
        this.outcomes = new HandlerOutcome[handlers.length];
        this.stuckAt = new boolean[handlers.length];
    }

    /**
     * Runs every handler and waits for the sequence, never longer than about one timeout per
     * handler. An interrupt of the calling thread does not cut the cleanup short; it is kept and
     * restored on return.
     *
     * @throws IllegalStateException if the workers no longer accept work, and no handler ran
     */
    CleanupResult execute() {
        long begin = System.nanoTime();
        // no handler, here or on a worker, sees an interrupt meant for the caller
        boolean interrupted = Thread.interrupted();
        int first = runWithoutBlocking();
        if (first < handlers.length) {
            synchronized (this) {
                next = first;
            }
            try {
                workers.execute(this);
                interrupted |= awaitWorkers();
            } catch (RejectedExecutionException e) {
                if (first == 0) {
                    throw new IllegalStateException("the orchestrator is closed");
                }
                notRunFrom(first); // closed while the first handlers ran here: say what did not run
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        List<HandlerOutcome> ran = new ArrayList<>(outcomes.length);
        for (HandlerOutcome outcome : outcomes) {
            if (outcome != null) {
                ran.add(outcome);
            }
        }
        return CleanupResult.of(pid, ran, Duration.ofNanos(System.nanoTime() - begin));
    }

    /**
     * Runs the leading handlers that cannot block on the calling thread.
     *
     * @return the first handler that may block, or the number of handlers if none may
     */
    private int runWithoutBlocking() {
        int i = 0;
        for (; i < handlers.length; i++) {
            Handler handler = handlers[i].handler();
            if (handler.isGone()) {
                continue;
            }
            if (mayBlock(handler)) {
                break;
            }
            outcomes[i] = invoke(handlers[i], System.nanoTime());
        }
        return i;
    }

    private boolean mayBlock(Handler handler) {
        try {
            return handler.cleanup().cleanupMayBlock(pid);
        } catch (Throwable e) { // then it runs under the timeout, like any handler that may block
            LOG.warn("Cleanup handler {} could not tell whether its cleanup of pid {} may block", handler, pid, e);
            return true;
        }
    }

    /** @return whether the calling thread was interrupted while it waited */
    private boolean awaitWorkers() {
        boolean interrupted = false;
        synchronized (this) {
            while (next < handlers.length) {
                long wait = timeoutNanos;
                if (started == next) {
                    wait = timeoutNanos - (System.nanoTime() - startedAt);
                    if (wait <= 0) {
                        abandonCurrent();
                        continue;
                    }
                }
                // before its handler starts, the next deadline is at least a timeout away
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, wait);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        return interrupted;
    }

    /** One worker's part of the sequence: from {@code next} to the end, unless abandoned. */
    @Override
    public void run() {
        Thread self = Thread.currentThread();
        int current = -1;
        HandlerOutcome outcome = null;
        while (true) {
            RankedHandler handler;
            long start;
            synchronized (this) {
                if (current >= 0) {
                    if (next != current) {
                        // the caller recorded a timeout for it and interrupted us: leave quietly
                        if (stuckAt[current]) {
                            handler(current).unstuck();
                        }
                        Thread.interrupted();
                        return;
                    }
                    outcomes[current] = outcome;
                    next = current + 1;
                }
                while (next < handlers.length && handlers[next].handler().isGone()) {
                    LOG.debug("Cleanup handler {} left before its turn for pid {}", handlers[next].handler(), pid);
                    next++;
                }
                if (next == handlers.length) {
                    notifyAll();
                    return;
                }
                // an interrupt left over from anything earlier must not hit this handler
                Thread.interrupted();
                current = next;
                handler = handlers[current];
                worker = self;
                started = current;
                start = System.nanoTime();
                startedAt = start;
            }
            if (!awaitRoom(handler.handler(), current)) {
                return;
            }
            outcome = invoke(handler, start);
        }
    }

    private Handler handler(int index) {
        return handlers[index].handler();
    }

    /**
     * Waits while too many calls are stuck in {@code handler}, within its timeout.
     *
     * @return false if the caller abandoned the wait: the handler was not called, leave
     */
    private boolean awaitRoom(Handler handler, int index) {
        if (handler.hasRoom()) {
            return true;
        }
        LOG.debug("Cleanup handler {} is still stuck in an earlier cleanup; pid {} waits for it", handler, pid);
        for (;;) {
            synchronized (this) {
                if (next != index) {
                    Thread.interrupted();
                    return false;
                }
                waitingForRoom = true;
            }
            boolean room;
            try {
                handler.awaitRoom();
                room = true;
            } catch (InterruptedException e) {
                room = false; // abandoned, or an interrupt meant for someone else: look again
            }
            synchronized (this) {
                waitingForRoom = false;
                if (next != index) {
                    Thread.interrupted();
                    return false;
                }
                if (room) {
                    return true;
                }
            }
        }
    }

    private HandlerOutcome invoke(RankedHandler ranked, long start) {
        Handler handler = ranked.handler();
        try {
            CleanupStats stats = heir == null ? handler.cleanup().cleanup(pid) : handler.cleanup().cleanup(pid, heir);
            if (stats == null) {
                return outcome(ranked, CleanupStats.NONE, System.nanoTime() - start, "returned no stats");
            }
            return outcome(ranked, stats, System.nanoTime() - start, null);
        } catch (Throwable e) { // one failure stops nothing, whatever it is
            long took = System.nanoTime() - start;
            if (handler.isGone()) {
                LOG.info("Cleanup handler {} went away while cleaning up pid {}: {}", handler, pid, e.toString());
                return outcome(ranked, CleanupStats.NONE, took, "went away during cleanup (" + describe(e) + ")");
            }
            LOG.warn("Cleanup handler {} failed for pid {}", handler, pid, e);
            return outcome(ranked, CleanupStats.NONE, took, "threw " + describe(e));
        }
    }

    /** Called by the waiting caller, holding the lock, once the running handler is overdue. */
    private void abandonCurrent() {
        RankedHandler ranked = handlers[next];
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos);
        if (waitingForRoom) {
            outcomes[next] = outcome(ranked, CleanupStats.NONE, System.nanoTime() - startedAt,
                    Statistics.TIMED_OUT + " after " + millis + " ms, not run: an earlier cleanup is still stuck in it");
            LOG.warn("Cleanup handler {} is still stuck in an earlier cleanup; not run for pid {}", ranked.handler(), pid);
        } else {
            outcomes[next] = outcome(ranked, CleanupStats.NONE, System.nanoTime() - startedAt,
                    Statistics.TIMED_OUT + " after " + millis + " ms, abandoned");
            stuckAt[next] = true;
            ranked.handler().stuck();
            LOG.warn("Cleanup handler {} did not finish within {} ms for pid {}; abandoned its thread {}",
                    ranked.handler(), millis, pid, worker.getName());
        }
        next++;
        worker.interrupt();
        if (next < handlers.length) {
            try {
                workers.execute(this);
            } catch (RejectedExecutionException e) {
                notRunFrom(next);
                next = handlers.length;
            }
        }
    }

    private void notRunFrom(int first) {
        for (int i = first; i < handlers.length; i++) {
            outcomes[i] = outcome(handlers[i], CleanupStats.NONE, 0, "not run: the orchestrator was closed");
        }
    }

    private static HandlerOutcome outcome(RankedHandler ranked, CleanupStats stats, long nanos, String error) {
        return new HandlerOutcome(ranked.handler().type(), ranked.rank().ranking(), ranked.handler().id(), stats,
                Duration.ofNanos(nanos), error);
    }

    private static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE; // about 292 years: no timeout in practice
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }
}
