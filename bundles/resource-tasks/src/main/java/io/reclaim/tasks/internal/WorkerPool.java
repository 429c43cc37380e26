package io.reclaim.tasks.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.scheduler.RunEntry;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.tasks.TaskManager;

/**
 * The worker threads: each takes the next entry from the scheduler and runs it. The pool can
 * grow and shrink while it runs; a retired worker finishes its entry and exits.
 */
final class WorkerPool {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
    /** How long an idle worker waits for an entry before it looks whether it was retired. */
    private static final Duration IDLE_CHECK = Duration.ofMillis(500);

    private final Scheduler scheduler;
    private final List<Worker> workers = new ArrayList<>(); // guarded by this: every live worker, retired ones too
    private boolean stopped; // guarded by this

    WorkerPool(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    synchronized void resize(int size) {
        if (stopped) {
            return;
        }
        List<Worker> active = active();
        for (int i = active.size(); i < size; i++) {
            Worker worker = new Worker();
            workers.add(worker);
            worker.thread.start();
        }
        for (int i = size; i < active.size(); i++) {
            active.get(i).retired = true;
        }
    }

    /** @return the workers that take entries, not counting retired ones that are finishing */
    synchronized int size() {
        return active().size();
    }

    private List<Worker> active() {
        return workers.stream().filter(worker -> !worker.retired).toList();
    }

    /** Stops every worker, interrupting it, and waits up to {@code wait} for all of them to exit. */
    void stop(Duration wait) {
        List<Worker> stopping;
        synchronized (this) {
            stopped = true;
            stopping = new ArrayList<>(workers);
            workers.clear();
        }
        for (Worker worker : stopping) {
            worker.retired = true;
            worker.thread.interrupt();
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Worker worker : stopping) {
            try {
                TimeUnit.NANOSECONDS.timedJoin(worker.thread, Math.max(1, deadline - System.nanoTime()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (worker.thread.isAlive()) {
                LOG.warn("{}: {} did not stop within {} ms", TaskManager.TYPE, worker.thread.getName(), wait.toMillis());
            }
        }
    }

    /**
     * @param replace whether the worker died of something it did not catch and must be replaced,
     *     so that the pool keeps its size and later entries still run
     */
    private synchronized void exited(Worker worker, boolean replace) {
        workers.remove(worker);
        if (replace && !stopped && !worker.retired) {
            Worker replacement = new Worker();
            workers.add(replacement);
            replacement.thread.start();
            LOG.warn("{}: {} died; {} replaces it", TaskManager.TYPE, worker.thread.getName(), replacement.thread.getName());
        }
    }

    private final class Worker implements Runnable {

        final Thread thread;
        volatile boolean retired;

        Worker() {
            thread = new Thread(this, TaskManager.THREAD_NAME_PREFIX + THREAD_NUMBERS.incrementAndGet());
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            boolean died = true;
            try {
                while (!retired) {
                    Optional<RunEntry> next;
                    try {
                        next = scheduler.take(IDLE_CHECK);
                    } catch (InterruptedException e) {
                        continue; // stop() sets retired before it interrupts
                    } catch (IllegalStateException stopped) {
                        LOG.warn("{}: the scheduler is stopped; {} exits", TaskManager.TYPE, thread.getName());
                        died = false;
                        return;
                    }
                    next.ifPresent(this::runSafely);
                    // an interruption that cancelled the entry just run must not reach the next one
                    Thread.interrupted();
                }
                died = false;
            } finally {
                exited(this, died);
            }
        }

        private void runSafely(RunEntry entry) {
            try {
                entry.work().run();
            } catch (Throwable e) {
                // an entry is another party's code: whatever it throws, an Error included, is its
                // own failure, and this worker goes on to the next entry. A VirtualMachineError
                // too: the entry's frames have unwound, and a dead worker would only stall others.
                LOG.error("{}: {} failed", thread.getName(), entry, e);
            }
        }
    }
}
