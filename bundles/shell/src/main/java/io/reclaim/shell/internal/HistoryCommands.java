package io.reclaim.shell.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;

/** {@code reclaim:history}: the processes that ended recently, and what their cleanup did. */
@Component(name = "io.reclaim.shell.history", service = HistoryCommands.class)
@ReclaimCommand(function = "history")
public final class HistoryCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    private final ProcessManager processes;
    private final Clock clock;

    @Activate
    public HistoryCommands(@Reference Platform platform) {
        this(platform.processes(), Clock.systemUTC());
        this.platform = platform;
    }

    HistoryCommands(ProcessManager processes, Clock clock) {
        this.processes = processes;
        this.clock = clock;
    }

    @Descriptor("lists recently terminated processes, most recent first: how each ended (terminated, forced, "
            + "exited with code N, shutdown) and what its cleanup freed")
    public void history(
            @Descriptor("also show each one's cleanup, handler by handler")
            @Parameter(names = {"-v", "--verbose"}, presentValue = "true", absentValue = "false") Object verboseOption,
            @Descriptor(Plain.DESCRIPTION + "; with -v one row per process and handler")
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption) {
        boolean verbose = Args.flag(verboseOption);
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("history")) {
            return;
        }
        Instant now = clock.instant();
        List<ProcessInfo> ended = processes.history();
        if (verbose && plain) {
            handlerRows(ended).print(System.out, "", true);
            return;
        }
        Table table = Table.of("PID", "NAME", "ENDED", "HOW", "FREED", "BYTES", "ERRORS").alignRight(0, 4, 5, 6);
        for (ProcessInfo info : ended) {
            CleanupStats total = info.result().map(CleanupResult::total).orElse(CleanupStats.NONE);
            table.row(info.pid(), info.name(), ago(info, now), Endings.describe(info), total.resourcesFreed(),
                    total.bytesFreed(), total.errorsEncountered());
        }
        table.print(System.out, "no terminated processes", plain);
        if (verbose) {
            for (ProcessInfo info : ended) {
                System.out.println();
                System.out.println("pid " + info.pid() + " (" + Names.display(info.name()) + ") " + Endings.describe(info) + ", "
                        + ago(info, now));
                info.result().ifPresentOrElse(result -> CleanupReport.print(result, System.out),
                        () -> System.out.println("no cleanup result"));
            }
        }
    }

    private static Table handlerRows(List<ProcessInfo> ended) {
        Table table = Table.of("PID", "NAME", "HOW", "#", "TYPE", "RANKING", "FREED", "BYTES", "TIME", "RESULT");
        for (ProcessInfo info : ended) {
            List<HandlerOutcome> outcomes = info.result().map(CleanupResult::outcomes).orElse(List.of());
            int position = 1;
            for (HandlerOutcome outcome : outcomes) {
                table.row(info.pid(), info.name(), Endings.describe(info), position++, outcome.resourceType(),
                        outcome.ranking(), outcome.stats().resourcesFreed(), outcome.stats().bytesFreed(),
                        Human.elapsed(outcome.duration()), CleanupReport.verdict(outcome));
            }
        }
        return table;
    }

    private static String ago(ProcessInfo info, Instant now) {
        return info.ended() == null ? null : Human.age(Duration.between(info.ended(), now)) + " ago";
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void history(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(HistoryCommands.class, "history", first, rest);
    }
}
