package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.util.Map;
import java.util.List;
import java.util.LinkedHashMap;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;

/**
 * Shows a {@link CleanupResult}: one row per handler in the order they ran, a total row, then
 * every error message on its own line.
 */
final class CleanupReport {

    private CleanupReport() {
    }

    static Table table(CleanupResult result) {
        Table table = Table.of("#", "TYPE", "RANKING", "FREED", "BYTES", "TIME", "RESULT").alignRight(0, 2, 3, 4);
        int position = 1;
        for (HandlerOutcome outcome : result.outcomes()) {
            CleanupStats stats = outcome.stats();
            table.row(position++, outcome.resourceType(), outcome.ranking(), stats.resourcesFreed(),
                    stats.bytesFreed(), Human.elapsed(outcome.duration()), verdict(outcome));
        }
        CleanupStats total = result.total();
        table.row("", "total", "", total.resourcesFreed(), total.bytesFreed(), Human.elapsed(result.duration()),
                total.hasErrors() ? errors(total.errorsEncountered()) : "ok");
        return table;
    }

    /**
     * The cleanups of a whole tree as one table: per type, what all its members' cleanups of that
     * type freed, in how much time together, and every error.
     */
    static CleanupResult byType(CleanupResult tree) {
        Map<String, HandlerOutcome> merged = new LinkedHashMap<>();
        for (HandlerOutcome outcome : tree.outcomes()) {
            merged.merge(outcome.resourceType(), outcome, (a, b) -> new HandlerOutcome(a.resourceType(), a.ranking(),
                    a.serviceId(), a.stats().plus(b.stats()), a.duration().plus(b.duration()),
                    a.error() == null ? b.error() : b.error() == null ? a.error() : a.error() + "; " + b.error()));
        }
        return CleanupResult.of(tree.pid(), List.copyOf(merged.values()), tree.duration());
    }

    static void print(CleanupResult result, PrintStream out) {
        table(result).lines().forEach(out::println);
        for (HandlerOutcome outcome : result.outcomes()) {
            CleanupStats stats = outcome.stats();
            if (stats.hasQuarantined()) {
                out.println("quarantined: " + outcome.resourceType() + " " + stats.resourcesQuarantined() + " ("
                        + stats.bytesQuarantined() + " bytes) still pinned by running code, freed when the last pin closes");
            }
        }
        result.errors().forEach(error -> out.println("error: " + error));
    }

    static String verdict(HandlerOutcome outcome) {
        if (outcome.failed()) {
            return "failed: " + outcome.error();
        }
        return outcome.stats().hasErrors() ? errors(outcome.stats().errorsEncountered()) : "ok";
    }

    private static String errors(long count) {
        return count == 1 ? "1 error" : count + " errors";
    }
}
