package io.reclaim.scheduler.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;

import io.reclaim.api.Pid;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.SchedulingPolicy;

/**
 * Which entry is taken next: the pids with queued entries wait in a rotation per priority level,
 * highest level first; taking an entry moves its pid to the end of its level. Under round robin
 * every pid is on level 0, so each gets one entry taken in turn.
 *
 * <p>Not thread-safe: the scheduler guards every call with its lock.
 */
final class RunQueue {

    private final Map<Pid, PidQueue> byPid = new HashMap<>();
    private final Map<Pid, Integer> priorities = new HashMap<>();
    /** pids preempted under {@link PreemptionPolicy#LOWER_PRIORITY}: one level below their own */
    private final Set<Pid> demoted = new HashSet<>();
    private final NavigableMap<Integer, ArrayDeque<PidQueue>> ready = new TreeMap<>(Comparator.reverseOrder());
    private SchedulingPolicy policy;
    private int queued;

    RunQueue(SchedulingPolicy policy) {
        this.policy = policy;
    }

    void add(QueuedEntry entry) {
        PidQueue pidQueue = byPid.computeIfAbsent(entry.owner(), PidQueue::new);
        pidQueue.add(entry);
        entry.moveTo(QueuedEntry.State.QUEUED);
        queued++;
        if (!pidQueue.ready) {
            schedule(pidQueue);
        }
    }

    /** @return the next entry, now TAKEN and out of the queue; null if nothing is queued */
    QueuedEntry next() {
        while (!ready.isEmpty()) {
            Map.Entry<Integer, ArrayDeque<PidQueue>> top = ready.firstEntry();
            PidQueue pidQueue = top.getValue().pollFirst();
            if (top.getValue().isEmpty()) {
                ready.remove(top.getKey());
            }
            pidQueue.ready = false;
            QueuedEntry entry = pidQueue.pollQueued();
            if (entry != null) {
                entry.moveTo(QueuedEntry.State.TAKEN);
                queued--;
            }
            if (pidQueue.live() > 0) {
                schedule(pidQueue);
            } else {
                drop(pidQueue);
            }
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    /** Marks an entry that was not taken as removed; a no-op for one already taken or removed. */
    void remove(QueuedEntry entry) {
        switch (entry.state()) {
            case NEW -> entry.moveTo(QueuedEntry.State.REMOVED);
            case QUEUED -> {
                entry.moveTo(QueuedEntry.State.REMOVED);
                queued--;
                PidQueue pidQueue = byPid.get(entry.owner());
                if (pidQueue != null) {
                    pidQueue.removedOne();
                }
            }
            default -> {
                // taken or removed already
            }
        }
    }

    /** Forgets what is left of a pid after its cleanup: its priority and its emptied queue. */
    void forget(Pid pid) {
        priorities.remove(pid);
        demoted.remove(pid);
        PidQueue pidQueue = byPid.get(pid);
        if (pidQueue != null && pidQueue.live() == 0) {
            drop(pidQueue);
        }
    }

    /**
     * A preempted pid: its queue moves behind every other waiting pid of its level, or, under
     * {@link PreemptionPolicy#LOWER_PRIORITY}, drops one level until {@link #restore restored}.
     */
    void preempt(Pid pid, PreemptionPolicy policy) {
        if (policy == PreemptionPolicy.LOWER_PRIORITY) {
            demoted.add(pid);
        }
        relevel(pid, true);
    }

    /** A pid whose entry ran within its slice again gets its own level back. */
    void restore(Pid pid) {
        if (demoted.remove(pid)) {
            relevel(pid, false);
        }
    }

    private void relevel(Pid pid, boolean always) {
        PidQueue pidQueue = byPid.get(pid);
        if (pidQueue != null && pidQueue.ready && (always || pidQueue.level != level(pid))) {
            unschedule(pidQueue);
            schedule(pidQueue);
        }
    }

    void setPriority(Pid pid, int priority) {
        if (priority == 0) {
            priorities.remove(pid);
        } else {
            priorities.put(pid, priority);
        }
        PidQueue pidQueue = byPid.get(pid);
        if (pidQueue != null && pidQueue.ready && pidQueue.level != level(pid)) {
            unschedule(pidQueue);
            schedule(pidQueue);
        }
    }

    int priority(Pid pid) {
        return priorities.getOrDefault(pid, 0);
    }

    SchedulingPolicy policy() {
        return policy;
    }

    /** Re-levels every ready pid; the rotation order within the new levels is kept. */
    void setPolicy(SchedulingPolicy policy) {
        if (policy == this.policy) {
            return;
        }
        this.policy = policy;
        List<PidQueue> rotation = new ArrayList<>();
        ready.values().forEach(rotation::addAll);
        ready.clear();
        rotation.forEach(this::schedule);
    }

    int queued() {
        return queued;
    }

    int queued(Pid pid) {
        PidQueue pidQueue = byPid.get(pid);
        return pidQueue == null ? 0 : pidQueue.live();
    }

    void clear() {
        byPid.values().forEach(PidQueue::clear);
        byPid.clear();
        priorities.clear();
        demoted.clear();
        ready.clear();
        queued = 0;
    }

    private void schedule(PidQueue pidQueue) {
        pidQueue.level = level(pidQueue.pid);
        pidQueue.ready = true;
        ready.computeIfAbsent(pidQueue.level, level -> new ArrayDeque<>()).addLast(pidQueue);
    }

    private void unschedule(PidQueue pidQueue) {
        ArrayDeque<PidQueue> level = ready.get(pidQueue.level);
        level.remove(pidQueue);
        if (level.isEmpty()) {
            ready.remove(pidQueue.level);
        }
        pidQueue.ready = false;
    }

    /**
     * Forgets an emptied queue. If it is still in the rotation it stays there until {@link #next()}
     * reaches and skips it: taking it out now would cost a scan of every ready pid.
     */
    private void drop(PidQueue pidQueue) {
        byPid.remove(pidQueue.pid, pidQueue);
        pidQueue.clear();
    }

    private int level(Pid pid) {
        int own = policy == SchedulingPolicy.PRIORITY ? priority(pid) : 0;
        return demoted.contains(pid) && own > Integer.MIN_VALUE ? own - 1 : own;
    }
}
