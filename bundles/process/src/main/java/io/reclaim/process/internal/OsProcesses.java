package io.reclaim.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Signals and waits for OS processes, treating a zombie as gone. */
final class OsProcesses {

    private static final boolean PROC = ProcStat.available();
    private static final long SELF = ProcessHandle.current().pid();
    private static final long POLL_MILLIS = 10;
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE / 4);

    private OsProcesses() {
    }

    /**
     * @return the live members of process group {@code groupId} within the session of the same id,
     *     which is what {@code setsid} creates; never this JVM
     */
    static List<ProcessHandle> groupMembers(long groupId) {
        List<ProcessHandle> members = new ArrayList<>();
        if (!PROC) {
            return members;
        }
        for (ProcStat stat : ProcStat.all()) {
            if (stat.pgrp() == groupId && stat.session() == groupId && stat.pid() != SELF && !stat.isZombie()) {
                ProcessHandle.of(stat.pid()).ifPresent(members::add);
            }
        }
        return members;
    }

    /**
     * A process is gone once it has exited, even if nobody reaped it yet: an orphan's zombie stays
     * until its new parent waits for it, which some container init processes never do.
     */
    static boolean isGone(ProcessHandle process) {
        if (!process.isAlive()) {
            return true;
        }
        if (!PROC) {
            return false;
        }
        return ProcStat.read(process.pid()).map(ProcStat::isZombie).orElse(true);
    }

    /** @return the processes of {@code processes} that are not gone */
    static List<ProcessHandle> alive(Collection<ProcessHandle> processes) {
        List<ProcessHandle> alive = new ArrayList<>(processes.size());
        for (ProcessHandle process : processes) {
            if (!isGone(process)) {
                alive.add(process);
            }
        }
        return alive;
    }

    /** Sends SIGTERM ({@code force == false}) or SIGKILL to every process that is not gone. */
    static void signal(Collection<ProcessHandle> processes, boolean force) {
        for (ProcessHandle process : processes) {
            if (process.pid() == SELF || isGone(process)) {
                continue;
            }
            // ProcessHandle checks the start time first, so a recycled pid is never signalled
            if (force) {
                process.destroyForcibly();
            } else {
                process.destroy();
            }
        }
    }

    /**
     * Waits until every process is gone or {@code timeout} passed.
     *
     * @return the processes still alive; empty if all are gone
     */
    static List<ProcessHandle> awaitGone(Collection<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
        boolean interrupted = Thread.interrupted();
        try {
            List<ProcessHandle> alive = alive(processes);
            while (!alive.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                interrupted |= pause(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS));
                alive = alive(alive);
            }
            return alive;
        } finally {
            restore(interrupted);
        }
    }

    /**
     * SIGKILLs every member of a tree until none is left or {@code timeout} passed. The killed
     * members are watched until they are gone (a killed process forks no more), then the tree is
     * taken once again, for a member that forked between the snapshot and its kill.
     *
     * @return the members still alive at the end; empty if the whole tree is gone
     */
    static List<ProcessHandle> killTree(Supplier<? extends Collection<ProcessHandle>> tree, Duration timeout) {
        long deadline = System.nanoTime() + nanos(timeout);
        Backoff backoff = new Backoff();
        try {
            List<ProcessHandle> alive = alive(tree.get());
            while (!alive.isEmpty()) {
                signal(alive, true);
                while (!(alive = alive(alive)).isEmpty()) {
                    if (!backoff.pause(deadline)) {
                        return alive(tree.get());
                    }
                }
                alive = alive(tree.get());
            }
            return alive;
        } finally {
            backoff.done();
        }
    }

    /** A grace period of centuries means "wait as long as it takes", not an overflow. */
    static long nanos(Duration timeout) {
        return timeout.compareTo(FOREVER) >= 0 ? FOREVER.toNanos() : timeout.toNanos();
    }

    /**
     * Sleeps without giving up: a cleanup cut short by an interrupt would leave processes behind,
     * so the interrupt is only remembered and restored when the wait is over.
     *
     * @return whether the thread was interrupted while sleeping
     */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static String pids(Collection<ProcessHandle> processes) {
        List<Long> pids = new ArrayList<>(processes.size());
        processes.forEach(p -> pids.add(p.pid()));
        return pids.toString();
    }
}
