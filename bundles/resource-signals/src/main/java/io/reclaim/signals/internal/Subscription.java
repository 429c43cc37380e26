package io.reclaim.signals.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.reclaim.api.Pid;
import io.reclaim.signals.SignalHandler;
import io.reclaim.signals.SignalSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One registered handler. Deliveries to it run one at a time and in order on the shared pool:
 * at most one drain task per subscription is queued, so one slow handler never holds a signal of
 * another back longer than it holds a pool thread.
 */
final class Subscription implements SignalSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(Subscription.class);

    private final Pid pid;
    private final String signal;
    private final SignalHandler handler;
    private final Executor executor;

    // guarded by this
    private int queued;
    private boolean scheduled;
    private boolean closed;
    private PidSignals owner;
    private Thread runner;

    Subscription(Pid pid, String signal, SignalHandler handler, Executor executor) {
        this.pid = pid;
        this.signal = signal;
        this.handler = handler;
        this.executor = executor;
    }

    @Override
    public Pid pid() {
        return pid;
    }

    @Override
    public String signal() {
        return signal;
    }

    /** @return false if it was closed first: it must not be indexed then */
    synchronized boolean attachTo(PidSignals signals) {
        if (closed) {
            return false;
        }
        owner = signals;
        return true;
    }

    /** @return the per-pid index it was attached to, or null; it must be removed from there */
    synchronized PidSignals close() {
        closed = true;
        notifyAll();
        if (queued > 0) {
            LOG.debug("{} signal(s) {} of pid {} discarded with their handler", queued, signal, pid);
        }
        queued = 0;
        return owner;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** @return signals handed to the handler that it has not finished yet */
    synchronized int queued() {
        return queued;
    }

    /** Hands one signal to the handler; it runs later on the pool. */
    synchronized void offer() {
        if (closed) {
            return;
        }
        queued++;
        if (!scheduled) {
            scheduled = true;
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // the manager is stopping: the handler goes away with it
                scheduled = false;
                queued = 0;
                LOG.debug("signal {} of pid {} not run: handler threads are stopped", signal, pid);
            }
        }
    }

    /**
     * Waits until every signal handed to the handler has run, or the deadline passes.
     *
     * @return false if some were still queued or running at the deadline
     */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        if (runner == Thread.currentThread()) {
            return true; // the handler itself is ending its process: waiting for it would only stall
        }
        for (;;) {
            if (closed || queued == 0) {
                return true;
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }

    private void drain() {
        for (;;) {
            synchronized (this) {
                if (closed || queued == 0) {
                    scheduled = false;
                    runner = null;
                    notifyAll();
                    return;
                }
                runner = Thread.currentThread();
            }
            run();
            synchronized (this) {
                if (queued > 0) {
                    queued--;
                }
            }
        }
    }

    private void run() {
        try {
            handler.handle(signal);
        } catch (Throwable e) { // a StackOverflowError too: the subscription must go on draining
            LOG.warn("handler for signal {} of pid {} failed", signal, pid, e);
        }
    }

    @Override
    public String toString() {
        return signal + " handler of pid " + pid;
    }
}
