package io.reclaim.signals.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small pool that runs signal handlers. Its queue holds at most one task per handler (see
 * {@link Subscription}), and idle threads end, so a quiet manager costs no threads.
 */
final class HandlerThreads {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerThreads.class);
    private static final long STOP_WAIT_MILLIS = 2_000;

    private final ThreadPoolExecutor pool;

    HandlerThreads(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "reclaim-signals-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    ThreadPoolExecutor executor() {
        return pool;
    }

    void resize(int threads) {
        if (threads == pool.getMaximumPoolSize()) {
            return;
        }
        // the core size may never exceed the maximum, so the order depends on the direction
        if (threads > pool.getMaximumPoolSize()) {
            pool.setMaximumPoolSize(threads);
            pool.setCorePoolSize(threads);
        } else {
            pool.setCorePoolSize(threads);
            pool.setMaximumPoolSize(threads);
        }
    }

    /** Lets running handlers finish for a bounded time, then interrupts them. */
    void stop() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("signal handlers still running after {} ms are interrupted", STOP_WAIT_MILLIS);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
