package io.reclaim.tasks;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A task body that runs until it is interrupted (or released), records the thread it ran on, and
 * counts down {@link #exited} in its finally block only after a short pause, so that a cleanup
 * that does not wait for it would see it still running.
 */
public final class Blocker implements Callable<String> {

    public final CountDownLatch started = new CountDownLatch(1);
    public final CountDownLatch exited = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean interrupted;

    @Override
    public String call() throws InterruptedException {
        thread = Thread.currentThread();
        started.countDown();
        try {
            release.await(60, TimeUnit.SECONDS);
            return "released";
        } catch (InterruptedException e) {
            interrupted = true;
            throw e;
        } finally {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // winding down takes a moment
            exited.countDown();
        }
    }

    public void release() {
        release.countDown();
    }

    public Thread thread() {
        return thread;
    }

    public boolean wasInterrupted() {
        return interrupted;
    }

    public boolean awaitStarted() throws InterruptedException {
        return started.await(30, TimeUnit.SECONDS);
    }
}
