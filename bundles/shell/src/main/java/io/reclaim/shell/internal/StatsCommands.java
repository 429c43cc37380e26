package io.reclaim.shell.internal;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;

/** {@code reclaim:stats}: what the platform has done since it started. */
@Component(name = "io.reclaim.shell.stats", service = StatsCommands.class)
@ReclaimCommand(function = "stats")
public final class StatsCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;

    @Activate
    public StatsCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator());
        this.platform = platform;
    }

    StatsCommands(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    @Descriptor("totals since start: processes spawned, running and how they ended; per resource type what was "
            + "acquired and released, what its cleanup handler did (runs, freed, errors, timeouts, and the calls "
            + "stuck in it now, each holding a thread), and the bytes quarantined now (released while running code "
            + "still pinned them; freed when the last pin closes)")
    public void stats(
            @Descriptor(Plain.DESCRIPTION + "; the first row starts with 'processes', the others with 'type'")
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption) {
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("stats")) {
            return;
        }
        ProcessStatistics counts = processes.statistics();
        OrchestratorStatistics cleanups = orchestrator.statistics();
        Map<String, ResourceTotals> totals = orchestrator.totals();

        // in the plain form one stream of rows: the first cell says which table a row belongs to
        Table summary = plain ? Table.of("", "", "", "", "", "", "", "")
                : Table.of("SPAWNED", "RUNNING", "TERMINATED", "FORCED", "EXITED", "SHUTDOWN", "CLEANUPS")
                        .alignRight(0, 1, 2, 3, 4, 5, 6);
        summary.row(kind(plain, "processes", counts.spawned(), counts.running(), counts.terminated(),
                counts.forced(), counts.exited(), counts.shutdown(), cleanups.cleanups()));

        Table types = plain ? Table.of("", "", "", "", "", "", "", "", "", "", "", "")
                : Table.of("TYPE", "ACQUIRED", "RELEASED", "BYTES-RELEASED", "RUNS", "FREED", "BYTES-FREED", "ERRORS",
                        "TIMEOUTS", "STUCK", "QUARANTINED").alignRight(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (String type : typesInOrder(cleanups, totals)) {
            ResourceTotals own = totals.getOrDefault(type, ResourceTotals.UNKNOWN);
            HandlerStatistics runs = cleanups.perType().get(type);
            types.row(kind(plain, "type", type, known(own, own.acquired()), known(own, own.released()),
                    known(own, own.bytesReleased()), runs == null ? null : runs.runs(),
                    runs == null ? null : runs.resourcesFreed(), runs == null ? null : runs.bytesFreed(),
                    runs == null ? null : runs.errors(), runs == null ? null : runs.timeouts(),
                    runs == null ? null : runs.stuck(), known(own, own.bytesQuarantined())));
        }

        if (plain) {
            summary.print(System.out, "", true);
            types.print(System.out, "", true);
            return;
        }
        summary.print(System.out, "");
        System.out.println();
        types.print(System.out, "no resource types");
    }

    /** The current cleanup order first; types that only one of the two sources knows follow. */
    private static Set<String> typesInOrder(OrchestratorStatistics cleanups, Map<String, ResourceTotals> totals) {
        Set<String> types = new LinkedHashSet<>(cleanups.perType().keySet());
        types.addAll(totals.keySet());
        return types;
    }

    private static Object[] kind(boolean plain, String kind, Object... cells) {
        if (!plain) {
            return cells;
        }
        Object[] row = new Object[cells.length + 1];
        row[0] = kind;
        System.arraycopy(cells, 0, row, 1, cells.length);
        return row;
    }

    private static Long known(ResourceTotals totals, long value) {
        return totals.isKnown() ? value : null;
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void stats(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(StatsCommands.class, "stats", first, rest);
    }
}
