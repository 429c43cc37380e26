package io.reclaim.testing.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.readings.OsReading;

/** What {@link ReclaimLeakRule} found, as the lines of a failure message. */
final class LeakReport {

    private record Held(String type, Pid pid, ResourceUsage usage, List<String> sites) {
    }

    private final List<String> survivors = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final List<String> os = new ArrayList<>();

    void survivor(Pid pid, String name) {
        survivors.add("pid " + pid + " (" + name + ")");
    }

    void held(String type, Pid pid, ResourceUsage usage, List<String> sites) {
        held.add(new Held(type, pid, usage, List.copyOf(sites)));
    }

    void os(Map<String, Long> leaks, OsReading before, OsReading after, int extraThreads) {
        leaks.forEach((name, excess) -> os.add(name + ": " + excess + " more than before the test ("
                + value(name, before) + " before, " + value(name, after) + " after)"));
        os.add("(fds and file mappings must be back exactly; idle pool workers that retire by themselves are not "
                + "busy; each of the " + extraThreads + " thread(s) added at the peak may cache a direct buffer)");
    }

    void newThreads(List<String> names) {
        os.add(os.size() - 1, "threads started during the test and still alive: "
                + (names.isEmpty() ? "(none by identity: a pool replaced its workers)" : String.join(", ", names)));
    }

    boolean isEmpty() {
        return survivors.isEmpty() && held.isEmpty() && os.isEmpty();
    }

    String render(String test) {
        StringBuilder out = new StringBuilder("leaks after ").append(test).append(':');
        if (!held.isEmpty()) {
            out.append("\n  still held by pids spawned during the test:");
            out.append(String.format("%n    %-14s %8s %8s %12s  %s", "TYPE", "PID", "COUNT", "BYTES", "ACQUIRED AT"));
            for (Held leak : held) {
                String first = leak.sites.isEmpty() ? "(site tracking is off)" : leak.sites.get(0);
                out.append(String.format("%n    %-14s %8d %8d %12d  %s", leak.type, leak.pid.value(), leak.usage.count(),
                        leak.usage.bytes(), first));
                for (String site : leak.sites.subList(Math.min(1, leak.sites.size()), leak.sites.size())) {
                    out.append(String.format("%n    %-14s %8s %8s %12s  %s", "", "", "", "", site));
                }
            }
        }
        if (!survivors.isEmpty()) {
            out.append("\n  still running when the test ended (terminated by the rule): ").append(String.join(", ", survivors));
        }
        if (!os.isEmpty()) {
            out.append("\n  OS readings of this JVM not back after the test:");
            os.forEach(line -> out.append("\n    ").append(line));
        }
        return out.toString();
    }

    private static String value(String name, OsReading reading) {
        return switch (name) {
            case "fds" -> Long.toString(reading.fds());
            case "file mappings" -> Long.toString(reading.fileMappings());
            case "threads" -> reading.busyThreads() + " busy";
            case "direct buffers" -> reading.directBuffers() + " (" + reading.directBytes() + " bytes)";
            default -> "?";
        };
    }
}
