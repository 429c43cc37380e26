package io.reclaim.tasks.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;
import io.reclaim.scheduler.RunEntry;
import io.reclaim.tasks.Task;

/**
 * A submitted task: its body, the lease that tracks it and the scheduler entry that will run it.
 * The body tells the manager when it finishes so that the task is untracked before anyone
 * waiting on the future wakes up.
 */
final class TaskImpl<T> implements Task<T> {

    final TaskManagerImpl manager;
    private final long id;
    private final Pid owner;
    private final Body body;
    private final Future<T> future;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile boolean started;
    private volatile boolean completing;
    private volatile Thread runner;
    private volatile Lease<? extends TaskImpl<?>> lease;
    private volatile Lease<RunEntry> entry;

    TaskImpl(TaskManagerImpl manager, long id, Pid owner, Callable<T> work) {
        this.manager = manager;
        this.id = id;
        this.owner = owner;
        this.body = new Body(work);
        this.future = new View();
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
    public Future<T> future() {
        return future;
    }

    /** The work of the task's scheduler entry: runs on whichever thread took the entry. */
    void run() {
        runner = Thread.currentThread();
        started = true;
        try {
            body.run(); // returns at once if the task was cancelled while queued
        } finally {
            exited.countDown();
        }
    }

    /**
     * Cancels the task with interruption, unless its body is already handing over its result.
     *
     * @return whether the body is still on a thread (it may be stopping)
     */
    boolean cancel() {
        if (!completing) {
            body.cancel(true);
        }
        return isRunning();
    }

    boolean isRunning() {
        return started && exited.getCount() > 0;
    }

    boolean awaitExit(long nanos) throws InterruptedException {
        return exited.await(nanos, TimeUnit.NANOSECONDS);
    }

    Thread runner() {
        return runner;
    }

    Lease<? extends TaskImpl<?>> lease() {
        return lease;
    }

    void tracked(Lease<? extends TaskImpl<?>> lease) {
        this.lease = lease;
    }

    Lease<RunEntry> entry() {
        return entry;
    }

    void queued(Lease<RunEntry> entry) {
        this.entry = entry;
    }

    @Override
    public String toString() {
        return "task " + id + " of pid " + owner;
    }

    private final class Body extends FutureTask<T> {

        Body(Callable<T> work) {
            super(work);
        }

        @Override
        protected void set(T value) {
            finishing();
            super.set(value);
        }

        @Override
        protected void setException(Throwable failure) {
            finishing();
            super.setException(failure);
        }

        /** Cancellation; a no-op after {@link #finishing()}, which untracked the task already. */
        @Override
        protected void done() {
            manager.untrack(TaskImpl.this);
        }

        private void finishing() {
            completing = true;
            manager.untrack(TaskImpl.this);
        }
    }

    /** The future handed out: the body itself would let a caller run it on its own thread. */
    private final class View implements Future<T> {

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return body.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return body.isCancelled();
        }

        @Override
        public boolean isDone() {
            return body.isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return body.get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return body.get(timeout, unit);
        }

        @Override
        public String toString() {
            return TaskImpl.this + ": " + body;
        }
    }
}
