package io.reclaim.management.internal;

import static io.reclaim.management.ReclaimEvents.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.event.Event;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.HeldResource;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ResourceUsage;

/** Builds the events of {@link io.reclaim.management.ReclaimEvents} from what the API reports. */
final class Events {

    /** The prefix the orchestrator gives the error of a handler it abandoned after its timeout. */
    private static final String TIMED_OUT = "timed out";

    private Events() {
    }

    static Event spawned(ProcessInfo process) {
        return new Event(PROCESS_SPAWNED, identity(process));
    }

    static Event ended(ProcessInfo process) {
        Map<String, Object> properties = identity(process);
        properties.put(ENDING, String.valueOf(process.ending()));
        if (process.exitCode() != null) {
            properties.put(EXIT_CODE, process.exitCode());
        }
        CleanupResult cleanup = process.cleanup();
        CleanupStats total = cleanup == null ? CleanupStats.NONE : cleanup.total();
        properties.put(FREED_COUNT, total.resourcesFreed());
        properties.put(FREED_BYTES, total.bytesFreed());
        properties.put(ERROR_COUNT, total.errorsEncountered());
        properties.put(ERRORS, total.errors().toArray(String[]::new));
        properties.put(DURATION_MS, cleanup == null ? 0L : cleanup.duration().toMillis());
        if (process.started() != null && process.ended() != null) {
            properties.put(LIFETIME_MS, Duration.between(process.started(), process.ended()).toMillis());
        }
        return new Event(PROCESS_ENDED, properties);
    }

    /** @return one FAILED or TIMEOUT event per handler that failed in the process's cleanup */
    static List<Event> failures(ProcessInfo process) {
        CleanupResult cleanup = process.cleanup();
        if (cleanup == null) {
            return List.of();
        }
        List<Event> events = new ArrayList<>(0);
        for (HandlerOutcome outcome : cleanup.outcomes()) {
            if (outcome.failed()) {
                Map<String, Object> properties = new HashMap<>();
                properties.put(PID, process.pid().value());
                properties.put(NAME, process.name());
                properties.put(TYPE, outcome.resourceType());
                properties.put(RANKING, outcome.ranking());
                properties.put(ERROR, outcome.error());
                events.add(new Event(outcome.error().startsWith(TIMED_OUT) ? CLEANUP_TIMEOUT : CLEANUP_FAILED,
                        properties));
            }
        }
        return events;
    }

    static Event leak(Pid pid, String name, Map<String, ResourceUsage> held) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PID, pid.value());
        properties.put(NAME, name);
        properties.put(TYPES, held.keySet().toArray(String[]::new));
        ResourceUsage total = held.values().stream().reduce(ResourceUsage.NONE, ResourceUsage::plus);
        properties.put(COUNT, total.count());
        properties.put(BYTES, total.bytes());
        return new Event(LEAK_FOUND, properties);
    }

    static Event dropped(long count, long total) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(COUNT, count);
        properties.put(TOTAL, total);
        return new Event(EVENTS_DROPPED, properties);
    }

    static Event suspect(HeldResource held) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PID, held.owner().value());
        properties.put(TYPE, held.type());
        properties.put(RESOURCE, held.description());
        held.heldFor().ifPresent(age -> properties.put(HELD_MS, age.toMillis()));
        held.site().ifPresent(site -> properties.put(SITE, site.toString()));
        return new Event(LEAK_SUSPECT, properties);
    }

    private static Map<String, Object> identity(ProcessInfo process) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(PID, process.pid().value());
        properties.put(NAME, process.name());
        properties.put(OS_PID, process.osPid());
        return properties;
    }
}
