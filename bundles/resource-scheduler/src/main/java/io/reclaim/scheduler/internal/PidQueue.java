package io.reclaim.scheduler.internal;

import java.util.ArrayDeque;

import io.reclaim.api.Pid;

/**
 * The queued entries of one process, oldest first. Removing an entry only marks it: the queue
 * skips it when it comes up, and compacts once removed entries are the majority, so that removal
 * stays O(1) and a process that enqueues and removes in a loop cannot grow the queue.
 * Guarded by the scheduler's lock.
 */
final class PidQueue {

    private static final int COMPACT_AT_LEAST = 32;

    final Pid pid;
    private final ArrayDeque<QueuedEntry> entries = new ArrayDeque<>();
    private int removed;
    /** whether the pid is in the rotation of ready pids, and on which priority level */
    boolean ready;
    int level;

    PidQueue(Pid pid) {
        this.pid = pid;
    }

    void add(QueuedEntry entry) {
        entries.addLast(entry);
    }

    /** @return the oldest entry still queued, taken out of the queue; null if none */
    QueuedEntry pollQueued() {
        QueuedEntry entry;
        while ((entry = entries.pollFirst()) != null) {
            if (entry.state() == QueuedEntry.State.QUEUED) {
                return entry;
            }
            removed--;
        }
        return null;
    }

    /** Called once an entry of this queue has been marked removed. */
    void removedOne() {
        removed++;
        if (removed >= COMPACT_AT_LEAST && removed * 2 > entries.size()) {
            entries.removeIf(entry -> entry.state() != QueuedEntry.State.QUEUED);
            removed = 0;
        }
    }

    int live() {
        return entries.size() - removed;
    }

    void clear() {
        entries.clear();
        removed = 0;
    }
}
