package io.reclaim.process.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Reclaimed;
import io.reclaim.process.ProcessManagers;

/**
 * The processes of an earlier run whose leftovers this start reclaimed, as history records ending
 * {@link Ending#ORPHAN}: one per earlier pid, with one outcome per resource type. Leftovers of one
 * pid may be reclaimed in several batches (each type when its reclaimer appears); each batch
 * merges into the pid's record. Pids are never reused on a home, so an earlier pid cannot clash
 * with one of this run.
 */
final class Orphans {

    private static final String UNKNOWN = "(earlier run)";

    private final Map<Pid, ProcessInfo> byPid = new HashMap<>();

    /** @return the new or updated history records */
    synchronized List<ProcessInfo> add(List<Reclaimed> reclaimed, ToIntFunction<String> rankingOfType) {
        Map<Pid, List<Reclaimed>> byOwner = new LinkedHashMap<>();
        for (Reclaimed outcome : reclaimed) {
            outcome.leftover().owner().ifPresent(owner -> byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(outcome));
        }
        List<ProcessInfo> changed = new ArrayList<>(byOwner.size());
        byOwner.forEach((pid, outcomes) -> {
            ProcessInfo merged = merge(pid, byPid.get(pid), outcomes, rankingOfType);
            byPid.put(pid, merged);
            changed.add(merged);
        });
        return changed;
    }

    synchronized int count() {
        return byPid.size();
    }

    private static ProcessInfo merge(Pid pid, ProcessInfo before, List<Reclaimed> outcomes, ToIntFunction<String> rankingOfType) {
        Map<String, HandlerOutcome> byType = new LinkedHashMap<>();
        if (before != null) {
            before.cleanup().outcomes().forEach(outcome -> byType.put(outcome.resourceType(), outcome));
        }
        String name = before == null ? UNKNOWN : before.name();
        List<String> command = before == null ? List.of() : before.spec().command();
        long osPid = before == null ? 0 : before.osPid();
        Instant started = before == null ? null : before.started();
        for (Reclaimed outcome : outcomes) {
            JournalEntry leftover = outcome.leftover();
            if (ProcessManagers.OS_PROCESS_TYPE.equals(leftover.type())) {
                name = orElse(leftover.attribute(OsChildRecord.NAME), name);
                String line = leftover.attribute(OsChildRecord.COMMAND);
                command = line == null || line.isBlank() ? command : List.of(line.trim().split(" +"));
                osPid = OsChildRecord.number(leftover, OsChildRecord.OS_PID);
                long startedMillis = OsChildRecord.number(leftover, OsChildRecord.STARTED);
                started = startedMillis > 0 ? Instant.ofEpochMilli(startedMillis) : leftover.recorded();
            }
            if (started == null || leftover.recorded().isBefore(started)) {
                started = leftover.recorded();
            }
            HandlerOutcome previous = byType.get(leftover.type());
            HandlerOutcome now = new HandlerOutcome(leftover.type(), rankingOfType.applyAsInt(leftover.type()), -1,
                    outcome.stats(), outcome.duration(), outcome.error().orElse(null));
            byType.put(leftover.type(), previous == null ? now : combine(previous, now));
        }
        List<HandlerOutcome> ordered = new ArrayList<>(byType.values());
        ordered.sort(Comparator.comparingInt(HandlerOutcome::ranking).reversed());
        Duration took = ordered.stream().map(HandlerOutcome::duration).reduce(Duration.ZERO, Duration::plus);
        ProcessSpec spec = ProcessSpec.named(name);
        if (!command.isEmpty()) {
            spec = spec.withCommand(command);
        }
        return new ProcessInfo(pid, spec, ProcessState.TERMINATED, osPid, started, Instant.now(), Ending.ORPHAN, null,
                CleanupResult.of(pid, ordered, took));
    }

    private static HandlerOutcome combine(HandlerOutcome a, HandlerOutcome b) {
        CleanupStats stats = a.stats().plus(b.stats());
        String error = a.error() == null ? b.error() : b.error() == null ? a.error() : a.error() + "; " + b.error();
        return new HandlerOutcome(a.resourceType(), a.ranking(), a.serviceId(), stats, a.duration().plus(b.duration()), error);
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
