package io.reclaim.process.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cleanup of OS children that exit by themselves. It has threads of its own: a cleanup
 * runs every handler and may wait, which must not happen on the JDK's process reaper or on the
 * common pool.
 */
final class Reaper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);
    private static final int THREADS = 2;

    private final ThreadPoolExecutor executor;

    Reaper() {
        executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new Named());
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the cleanup of an exited child on the reaper's threads; after {@link #close()}, on the
     * calling thread, so that no exited child is left uncleaned.
     */
    void execute(Runnable cleanup) {
        Runnable safe = () -> {
            try {
                cleanup.run();
            } catch (Throwable e) {
                LOG.error("cleaning up after an OS child exited failed", e);
            }
        };
        try {
            executor.execute(safe);
        } catch (RejectedExecutionException closed) {
            safe.run();
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("reaper threads still busy after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Named implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "reclaim-process-reaper-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
