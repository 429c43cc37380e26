package io.reclaim.scheduler.internal;

import io.reclaim.api.Pid;
import io.reclaim.api.ThreadCpuClock;

/**
 * One entry running now on a taker's thread, with the deadline of its time slice. The watchdog
 * interrupts the thread only while the entry still runs: {@link #finish()} and {@link #interrupt()}
 * exclude each other, so an interrupt never reaches the next entry the thread takes.
 */
final class Running {

    final Pid pid;
    final Thread thread;
    final long deadline;
    final long cpuStart;
    /** the pid's preemption state when the entry started; null if the pid could not have one */
    final PidAccount account;
    private boolean done; // guarded by this
    private volatile boolean overran; // written under this
    private boolean interrupted; // guarded by this

    Running(Pid pid, Thread thread, long deadline, PidAccount account) {
        this.pid = pid;
        this.thread = thread;
        this.deadline = deadline;
        this.account = account;
        this.cpuStart = ThreadCpuClock.now();
    }

    /** @return true if the entry still ran and is now marked as over its slice, the first time only */
    synchronized boolean markOverran() {
        if (done || overran) {
            return false;
        }
        overran = true;
        return true;
    }

    boolean overran() {
        return overran;
    }

    synchronized void interrupt() {
        if (!done) {
            interrupted = true;
            thread.interrupt();
        }
    }

    /** @return whether the watchdog interrupted the entry; the caller clears the thread's flag */
    synchronized boolean finish() {
        done = true;
        return interrupted;
    }

    /** Read from the watchdog's thread: the CPU time the running thread spent on this entry so far. */
    long cpuSoFar() {
        return Math.max(0, ThreadCpuClock.of(thread) - cpuStart);
    }
}
