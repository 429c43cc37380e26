package io.reclaim.shell.internal;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/** {@code reclaim:plan}: the cleanup a process would get now, without releasing anything. */
@Component(name = "io.reclaim.shell.plan", service = PlanCommands.class)
@ReclaimCommand(function = "plan")
public final class PlanCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;

    @Activate
    public PlanCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator());
        this.platform = platform;
    }

    PlanCommands(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    @Descriptor("dry run of a process's cleanup: the handlers in the order they would run, what each would free "
            + "for the pid and its timeout; nothing is released")
    public void plan(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption,
            @Descriptor("pid of a process that has not ended, e.g. 7 or $pid") String pid) {
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("plan")) {
            return;
        }
        try {
            Pid target = Args.pid(pid);
            ProcessInfo info = ProcessLookup.notEnded(processes, target);
            List<PlannedCleanup> plan = orchestrator.plan(target);
            Table table = Table.of("#", "TYPE", "RANKING", "COUNT", "BYTES", "TIMEOUT").alignRight(0, 2, 3, 4, 5);
            ResourceUsage total = ResourceUsage.NONE;
            for (PlannedCleanup step : plan) {
                HandlerInfo handler = step.handler();
                table.row(handler.position(), handler.resourceType(), handler.ranking(), step.usage().count(),
                        step.usage().bytes(), Human.period(step.timeout()));
                total = total.plus(step.usage());
            }
            if (plain) {
                table.print(System.out, "", true);
                return;
            }
            System.out.println("cleanup plan of pid " + target + " (" + Names.display(info.name()) + ", " + info.state()
                    + "); nothing is released");
            if (!table.isEmpty()) {
                table.row("", "total", "", total.count(), total.bytes(), "");
            }
            table.print(System.out, "no cleanup handlers: nothing would be released");
        } catch (IllegalArgumentException | IllegalStateException e) {
            Console.error("plan", e);
        }
    }

    @Descriptor("without a pid: says that one is required (reclaim:plan [-p] PID)")
    public void plan(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption) {
        boolean plain = Args.flag(plainOption);
        Console.error("plan", Args.PID_REQUIRED);
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void plan(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(PlanCommands.class, "plan", first, rest);
    }
}
