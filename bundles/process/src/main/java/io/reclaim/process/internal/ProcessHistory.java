package io.reclaim.process.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;

/**
 * The most recent terminated processes, bounded, and the pids whose OS child never started.
 * Lookups by pid take no lock; adding (once per process end) does.
 */
final class ProcessHistory {

    private final Map<Pid, ProcessInfo> byPid = new ConcurrentHashMap<>();
    private final Deque<ProcessInfo> newestFirst = new ArrayDeque<>();
    private final Set<Pid> abandoned = ConcurrentHashMap.newKeySet();
    private final Deque<Pid> abandonedOrder = new ArrayDeque<>();
    private int capacity;

    ProcessHistory(int capacity) {
        this.capacity = Settings.checkHistorySize(capacity);
    }

    synchronized void add(ProcessInfo info) {
        byPid.put(info.pid(), info);
        newestFirst.addFirst(info);
        trim();
    }

    /** Adds {@code info}, or replaces the record of its pid where it stands (an orphan whose leftovers came in batches). */
    synchronized void addOrReplace(ProcessInfo info) {
        ProcessInfo before = byPid.put(info.pid(), info);
        if (before == null) {
            newestFirst.addFirst(info);
            trim();
            return;
        }
        newestFirst.removeFirstOccurrence(before);
        newestFirst.addFirst(info);
    }

    /** Remembers a pid that was handed out but whose process never started, so it reads as never spawned. */
    synchronized void abandon(Pid pid) {
        abandoned.add(pid);
        abandonedOrder.addFirst(pid);
        trim();
    }

    Optional<ProcessInfo> get(Pid pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    boolean isAbandoned(Pid pid) {
        return !abandoned.isEmpty() && abandoned.contains(pid);
    }

    /** @return the terminated processes, most recent first */
    synchronized List<ProcessInfo> list() {
        return List.copyOf(newestFirst);
    }

    synchronized void resize(int newCapacity) {
        capacity = Settings.checkHistorySize(newCapacity);
        trim();
    }

    synchronized int capacity() {
        return capacity;
    }

    private void trim() {
        while (newestFirst.size() > capacity) {
            byPid.remove(newestFirst.removeLast().pid());
        }
        while (abandonedOrder.size() > capacity) {
            abandoned.remove(abandonedOrder.removeLast());
        }
    }
}
