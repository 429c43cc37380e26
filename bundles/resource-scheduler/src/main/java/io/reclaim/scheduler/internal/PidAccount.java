package io.reclaim.scheduler.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;

/**
 * The preemption state of one process: its CPU time, its preemption flag and overruns, its budget,
 * and the deadlines of its entries running now. Tracked in the scheduler's ledger like an entry,
 * so the cleanup of the pid releases it.
 */
final class PidAccount {

    final Pid pid;
    /** the budget in nanoseconds, 0 for none */
    final long budgetNanos;
    final AtomicLong cpuNanos = new AtomicLong();
    final AtomicLong overruns = new AtomicLong();
    /** its entries running now past their slice: it stays preempted while there is one */
    final AtomicInteger overrunning = new AtomicInteger();
    final AtomicBoolean budgetEnforced = new AtomicBoolean();
    /** the watchdog's deadlines of this pid's entries running now */
    final Set<Running> running = ConcurrentHashMap.newKeySet();
    volatile boolean preempted;
    volatile boolean released;
    volatile Lease<PidAccount> lease;

    PidAccount(Pid pid, long budgetNanos) {
        this.pid = pid;
        this.budgetNanos = budgetNanos;
    }

    /** @return CPU time including what the entries running now spent so far */
    long cpuNanosWithRunning() {
        long total = cpuNanos.get();
        for (Running run : running) {
            total += run.cpuSoFar();
        }
        return total;
    }

    boolean overBudget(long cpu) {
        return budgetNanos > 0 && cpu > budgetNanos;
    }

    @Override
    public String toString() {
        return "preemption state of pid " + pid;
    }
}
