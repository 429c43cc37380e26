package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HeldResource;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;

/** {@code reclaim:leaks}: resources still tracked for processes that should hold nothing, and reaping them. */
@Component(name = "io.reclaim.shell.leaks", service = LeakCommands.class)
@ReclaimCommand(function = "leaks")
public final class LeakCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final LeakFinder finder;

    static final String QUARANTINED = "quarantined: still pinned by running code, freed when its last pin closes";

    @Activate
    public LeakCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator(), OsChildProbe.system());
        this.platform = platform;
    }

    LeakCommands(ProcessManager processes, ResourceOrchestrator orchestrator, OsChildProbe children) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.finder = new LeakFinder(processes, orchestrator, children);
    }

    @Descriptor("lists resources still tracked for processes that are no longer running (or unknown), or whose "
            + "OS child is gone, and per type the native memory in quarantine (released while running code still "
            + "pinned it; freed when its last pin closes, never reaped)")
    public void leaks(
            @Descriptor("also release them: a cleanup for a process that is not running, a terminate (no grace) "
                    + "for a running one whose OS child is gone; then show what was freed")
            @Parameter(names = {"-r", "--reap"}, presentValue = "true", absentValue = "false") Object reapOption,
            @Descriptor(Plain.DESCRIPTION + "; with --reap the freed rows follow, starting with 'reaped'")
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption,
            @Descriptor("also list each leaked resource with its age and where it was acquired (for the types that "
                    + "track it: reclaim.tracking)")
            @Parameter(names = {"-v", "--verbose"}, presentValue = "true", absentValue = "false")
            Object verboseOption,
            @Descriptor("instead, list the resources held longer than their type's reclaim.heldTooLong by processes "
                    + "that still run")
            @Parameter(names = {"-s", "--suspects"}, presentValue = "true", absentValue = "false")
            Object suspectsOption) {
        boolean reap = Args.flag(reapOption);
        boolean plain = Args.flag(plainOption);
        boolean verbose = Args.flag(verboseOption);
        if (platform.incomplete("leaks")) {
            return;
        }
        if (Args.flag(suspectsOption)) {
            Map<String, List<HeldResource>> suspects = orchestrator.heldTooLong();
            if (suspects.isEmpty() && !plain) {
                System.out.println("no resources held too long (or no type has a reclaim.heldTooLong threshold)");
                return;
            }
            HeldResources.print(suspects, System.out, plain);
            return;
        }
        List<Leak> leaks = finder.find();
        Table table = Table.of("PID", "TYPE", "COUNT", "BYTES", "WHY").alignRight(0, 2, 3);
        leaks.forEach(leak -> table.row(leak.pid(), leak.type(), leak.usage().count(), leak.usage().bytes(), leak.why()));
        // no pid: a quarantined region belongs to no process any more, only to the code that pins it
        orchestrator.totals().forEach((type, totals) -> {
            if (totals.quarantined() > 0) {
                table.row(null, type, totals.quarantined(), totals.bytesQuarantined(), QUARANTINED);
            }
        });
        table.print(System.out, "no leaks", plain);
        if (verbose && !leaks.isEmpty()) {
            Map<String, List<HeldResource>> leaked = new LinkedHashMap<>();
            for (Pid pid : leaks.stream().map(Leak::pid).distinct().toList()) {
                orchestrator.resources(pid).forEach((type, held) -> leaked.computeIfAbsent(type, t -> new ArrayList<>())
                        .addAll(held));
            }
            HeldResources.print(leaked, System.out, plain);
        }
        if (reap && !leaks.isEmpty()) {
            reap(leaks, plain);
        }
    }

    private void reap(List<Leak> leaks, boolean plain) {
        // one action per pid, whatever number of types it leaks
        Map<Pid, Boolean> running = new LinkedHashMap<>();
        leaks.forEach(leak -> running.merge(leak.pid(), leak.running(), Boolean::logicalAnd));
        Table freed = plain ? Table.of("", "PID", "ACTION", "FREED", "BYTES", "RESULT")
                : Table.of("PID", "ACTION", "FREED", "BYTES", "RESULT").alignRight(0, 2, 3);
        List<String> errors = new ArrayList<>();
        running.forEach((pid, alive) -> {
            String action = alive ? "terminate" : "cleanup";
            CleanupResult result;
            try {
                result = alive ? processes.terminate(pid, Duration.ZERO) : orchestrator.cleanupProcess(pid);
            } catch (IllegalArgumentException | IllegalStateException e) {
                // ended or forgotten since the listing: nothing of ours to reap any more
                errors.add("pid " + pid + ": " + e.getMessage());
                return;
            }
            CleanupStats total = result.total();
            String verdict = total.hasErrors() ? total.errorsEncountered() + " error(s)" : "ok";
            if (plain) {
                freed.row("reaped", pid, action, total.resourcesFreed(), total.bytesFreed(), verdict);
            } else {
                freed.row(pid, action, total.resourcesFreed(), total.bytesFreed(), verdict);
            }
            result.errors().forEach(error -> errors.add("pid " + pid + ": " + error));
        });
        if (!plain) {
            System.out.println();
            System.out.println("reaped:");
        }
        freed.print(System.out, "nothing reaped", plain);
        if (!errors.isEmpty()) {
            errors.subList(0, errors.size() - 1).forEach(error -> Console.warn("leaks", error));
            Console.error("leaks", errors.get(errors.size() - 1)
                    + (errors.size() > 1 ? " (" + errors.size() + " errors while reaping)" : ""));
        }
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void leaks(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(LeakCommands.class, "leaks", first, rest);
    }
}
