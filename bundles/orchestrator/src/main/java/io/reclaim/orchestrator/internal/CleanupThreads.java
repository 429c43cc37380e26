package io.reclaim.orchestrator.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run cleanup handlers: daemon threads named {@code reclaim-cleanup-N}, kept a
 * minute after their last use.
 *
 * <p>The pool holds one thread per cleanup running at the same time, plus one per handler that
 * overran its timeout and is still stuck. It is not capped on purpose: a stuck handler's thread
 * cannot be taken back, and a cap would let stuck handlers stall every later cleanup.
 */
final class CleanupThreads {

    private static final long IDLE_SECONDS = 60;

    private CleanupThreads() {
    }

    static ThreadPoolExecutor create() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "reclaim-cleanup-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                factory);
    }
}
