package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.reclaim.api.readings.OsReading;

/**
 * What a self-test found.
 *
 * @param processes the logical processes asked for
 * @param osBacked the processes backed by an OS child, on top of them
 * @param types per resource type, in cleanup order
 * @param before the OS-level reading before the measured round
 * @param after the reading after it, once settled
 * @param extraThreads how many more threads ran at once during the round than before it
 * @param problems what went wrong without leaking (a sample that failed, a terminate that disagreed)
 * @param took how long the test ran
 */
record SelftestReport(int processes, int osBacked, List<TypeResult> types, OsReading before, OsReading after,
        int extraThreads, List<String> problems, Duration took) {

    SelftestReport {
        types = List.copyOf(types);
        problems = List.copyOf(problems);
    }

    /**
     * How one resource type did.
     *
     * @param type the resource type
     * @param sampleable whether its handler makes samples
     * @param sampled samples acquired
     * @param failed samples that failed (other than for a process whose OS child had already exited)
     * @param failure the first failure's message, or {@code null}
     * @param acquired how much the type's own acquisition count grew, or {@code null} if it keeps none
     * @param released how much its release count grew, or {@code null} if it keeps none
     * @param heldByEnded resources it still tracks for the test's ended processes
     * @param heldBy the first few of those processes
     * @param leaked what it did not release: the larger of what ended processes still hold and what
     *     its counts show as neither released nor held by anyone else
     */
    record TypeResult(String type, boolean sampleable, long sampled, long failed, String failure, Long acquired,
            Long released, long heldByEnded, List<Long> heldBy, long leaked) {

        TypeResult {
            heldBy = List.copyOf(heldBy);
        }

        String result() {
            StringBuilder result = new StringBuilder();
            if (leaked > 0) {
                result.append("LEAKED ").append(leaked);
                if (heldByEnded > 0) {
                    result.append(", held by ended pid(s) ")
                            .append(heldBy.stream().map(String::valueOf).collect(Collectors.joining(" ")));
                    if (heldBy.size() < heldByEnded) {
                        result.append(" ...");
                    }
                }
            } else {
                result.append(sampleable ? "ok" : "ok, no sample");
            }
            if (failed > 0) {
                result.append("; ").append(failed).append(" sample(s) failed: ").append(failure);
            }
            return result.toString();
        }
    }

    /** @return what leaked, by name: types in cleanup order, then the OS readings that did not come back */
    Map<String, Long> leaks() {
        Map<String, Long> leaks = new LinkedHashMap<>();
        types.stream().filter(type -> type.leaked() > 0).forEach(type -> leaks.put(type.type(), type.leaked()));
        leaks.putAll(osLeaks());
        return leaks;
    }

    /** @return the OS readings that are not back, by name, with what each leaked */
    Map<String, Long> osLeaks() {
        return after.leaksSince(before, extraThreads);
    }

    long leaked() {
        return leaks().values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return {@code selftest: 200 processes, 11 types, 0 leaked} or {@code ... 3 leaked (mmap: 2, files: 1)} */
    String verdict() {
        Map<String, Long> leaks = leaks();
        String verdict = "selftest: " + processes + " processes, " + types.size() + " types, " + leaked() + " leaked";
        if (leaks.isEmpty()) {
            return verdict;
        }
        return verdict + leaks.entrySet().stream().map(leak -> leak.getKey() + ": " + leak.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
