package io.reclaim.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.LeftoverReclaimer;

/**
 * Ends the OS trees that a JVM which died left running: the recorded child when its pid still
 * runs with the recorded start time, and every process of the session it led (a backgrounded
 * grandchild keeps its parent's session even after the parent is gone). SIGTERM, the orphan grace,
 * SIGKILL. A pid number that now belongs to a process with another start time is never touched,
 * and then neither is its session: Linux does not hand out a pid number while a session of that
 * id has members, so the recorded session died with it.
 */
final class OrphanReclaimer implements LeftoverReclaimer {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanReclaimer.class);
    private static final long SELF = ProcessHandle.current().pid();
    private static final long POLL_MILLIS = 10;

    private final Supplier<Duration> grace;
    private final Supplier<Duration> killTimeout;
    private final CgroupReclaim cgroups;

    OrphanReclaimer(Supplier<Duration> grace, Supplier<Duration> killTimeout, CgroupReclaim cgroups) {
        this.grace = grace;
        this.killTimeout = killTimeout;
        this.cgroups = cgroups;
    }

    @Override
    public CleanupStats reclaim(JournalEntry leftover) throws Exception {
        long osPid = OsChildRecord.number(leftover, OsChildRecord.OS_PID);
        long startTime = OsChildRecord.number(leftover, OsChildRecord.START_TIME);
        long session = OsChildRecord.number(leftover, OsChildRecord.SESSION);
        long ended = 0;
        String cgroup = leftover.attribute(OsChildRecord.CGROUP);
        if (cgroup != null) {
            ended += cgroups.kill(cgroup, killTimeout.get());
        }
        Optional<ProcStart> now = ProcStart.read(osPid);
        if (now.isPresent() && now.get().startTime() != startTime) {
            LOG.info("os pid {} of {} now belongs to an unrelated process (start time {}, recorded {}); left alone",
                    osPid, leftover, now.get().startTime(), startTime);
            return CleanupStats.freed(ended, 0);
        }
        List<ProcStart> tree = members(osPid, startTime, session, now);
        if (tree.isEmpty()) {
            return CleanupStats.freed(ended, 0);
        }
        LOG.info("ending {} process(es) left by an earlier run: {} ({})", tree.size(), leftover.attribute(OsChildRecord.NAME),
                tree.stream().map(ProcStart::pid).toList());
        signal(tree, false);
        List<ProcStart> alive = awaitGone(tree, grace.get());
        if (!alive.isEmpty()) {
            // a member may have forked during the grace: take the session again
            alive = members(osPid, startTime, session, ProcStart.read(osPid));
            signal(alive, true);
            alive = awaitGone(alive, killTimeout.get());
        }
        if (!alive.isEmpty()) {
            throw new IllegalStateException(alive.size() + " process(es) left by an earlier run still alive after SIGKILL: "
                    + alive.stream().map(ProcStart::pid).toList());
        }
        return CleanupStats.freed(ended + tree.size(), 0);
    }

    /**
     * The leader if it is still the recorded process, and the live members of the session it led;
     * members started before the leader cannot be of its session's making and are left out.
     */
    private static List<ProcStart> members(long osPid, long startTime, long session, Optional<ProcStart> leader) {
        List<ProcStart> members = new ArrayList<>();
        leader.filter(stat -> stat.startTime() == startTime && !stat.exited()).ifPresent(members::add);
        if (session > 0 && session == osPid) {
            for (ProcStart member : ProcStart.inSession(session)) {
                if (member.pid() != osPid && member.pid() != SELF && !member.exited() && member.startTime() >= startTime) {
                    members.add(member);
                }
            }
        }
        return members;
    }

    /** Signals through ProcessHandle, which checks the start time it saw first: a reused pid is not hit. */
    private static void signal(List<ProcStart> processes, boolean force) {
        for (ProcStart process : processes) {
            if (!process.stillRunning()) {
                continue;
            }
            ProcessHandle.of(process.pid()).ifPresent(handle -> {
                if (force) {
                    handle.destroyForcibly();
                } else {
                    handle.destroy();
                }
            });
        }
    }

    private static List<ProcStart> awaitGone(List<ProcStart> processes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Duration.ofDays(1).toNanos());
        List<ProcStart> alive = stillRunning(processes);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            alive = stillRunning(alive);
        }
        return alive;
    }

    private static List<ProcStart> stillRunning(List<ProcStart> processes) {
        List<ProcStart> alive = new ArrayList<>(processes.size());
        for (ProcStart process : processes) {
            if (process.stillRunning()) {
                alive.add(process);
            }
        }
        return alive;
    }
}
