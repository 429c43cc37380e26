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
 * <p>The pool holds one thread per cleanup running at the same time, plus the calls stuck in a
 * handler after their timeout: at most {@link Handler#MAX_STUCK_CALLS} per handler, since a
 * cleanup waits for a stuck call instead of starting another (see {@link CleanupRun}). It is not
 * capped on purpose: a cap would let stuck handlers stall every later cleanup of every type.
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
