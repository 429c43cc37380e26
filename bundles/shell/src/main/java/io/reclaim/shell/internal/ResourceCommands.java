package io.reclaim.shell.internal;

import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.ComponentServiceObjects;

import io.reclaim.api.CpuAccounting;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceLimit;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;
import io.reclaim.timers.TimerManager;

/** {@code reclaim:resources} and {@code reclaim:handlers}: what is held, and who frees it in which order. */
@Component(name = "io.reclaim.shell.resources", service = ResourceCommands.class)
@ReclaimCommand(function = {"resources", "handlers", "give"})
public final class ResourceCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;

    /** The platform's CPU accounting (the scheduler bundle), when it is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CpuAccounting cpu;

    /** The timers bundle, when it is there; only {@link TimerDisplay} touches its type. */
    @Reference(service = TimerManager.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ComponentServiceObjects<?> timers;

    @Activate
    public ResourceCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator());
        this.platform = platform;
    }

    ResourceCommands(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this.processes = processes;
        this.orchestrator = orchestrator;
    }

    @Descriptor("shows what a process holds, per resource type in cleanup order, against its limits")
    public void resources(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption,
            @Descriptor("also list each resource with its age and where it was acquired (for the types that track it)")
            @Parameter(names = {"-v", "--verbose"}, presentValue = "true", absentValue = "false")
            Object verboseOption,
            @Descriptor("pid of the process, live or recently ended, e.g. 7 or $pid") String pid) {
        boolean plain = Args.flag(plainOption);
        boolean verbose = Args.flag(verboseOption);
        if (platform.incomplete("resources")) {
            return;
        }
        try {
            Pid target = Args.pid(pid);
            ProcessLookup.known(processes, target);
            Map<String, ResourceUsage> usage = orchestrator.usage(target);
            Map<String, ResourceLimit> limits = orchestrator.limits(target);
            Table table = Table.of("TYPE", "COUNT", "BYTES", "LIMIT").alignRight(1, 2);
            usage.forEach((type, held) -> table.row(type, held.count(), held.bytes(), limit(limits.get(type))));
            table.print(System.out, "pid " + target + " holds no resources", plain);
            if (verbose) {
                HeldResources.print(orchestrator.resources(target), System.out, plain);
            }
            if (!plain) {
                printCpuAndTimers(target, usage.getOrDefault(TimerManager.TYPE, ResourceUsage.NONE).count());
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            Console.error("resources", e);
        }
    }

    @Descriptor("hands every resource of one type that a process holds to another running process, "
            + "for the types that allow it (files, sockets...); returns how many changed hands")
    public Long give(
            @Descriptor("pid of the process that gives") String pid,
            @Descriptor("resource type, as reclaim:handlers names it, e.g. sockets") String type,
            @Descriptor("pid of the running process that receives") String to) {
        if (platform.incomplete("give")) {
            return null;
        }
        try {
            Pid from = Args.pid(pid);
            Pid receiver = Args.pid(to);
            ProcessLookup.known(processes, from);
            long moved = orchestrator.transfer(from, Args.name(type), receiver);
            System.out.println("pid " + from + " gave " + moved + " " + Names.display(type) + " to pid " + receiver);
            return moved;
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            Console.error("give", e);
        }
        return null;
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void give(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ResourceCommands.class, "give", first, rest);
    }

    /** @return a limit as the LIMIT column shows it: {@code 100}, {@code 65536 bytes} or both; null for none */
    static String limit(ResourceLimit limit) {
        if (limit == null || limit.isUnlimited()) {
            return null;
        }
        if (limit.bytes() == Long.MAX_VALUE) {
            return Long.toString(limit.count());
        }
        String bytes = limit.bytes() + " bytes";
        return limit.count() == Long.MAX_VALUE ? bytes : limit.count() + ", " + bytes;
    }

    /** Below the table: the pid's CPU time and when its next timer fires, where those bundles are installed. */
    private void printCpuAndTimers(Pid pid, long timerCount) {
        CpuAccounting accounting = cpu;
        if (accounting != null) {
            System.out.println("cpu time: " + CpuTime.of(accounting, pid));
        }
        @SuppressWarnings("unchecked")
        ComponentServiceObjects<Object> objects = (ComponentServiceObjects<Object>) timers;
        Object manager = objects == null ? null : objects.getService();
        if (manager == null) {
            return;
        }
        try {
            TimerDisplay.print(manager, pid, timerCount, System.out);
        } finally {
            objects.ungetService(manager);
        }
    }

    @Descriptor("without a pid: says that one is required (reclaim:resources [-p] [-v] PID)")
    public void resources(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption,
            @Descriptor("also list each resource with its age and where it was acquired")
            @Parameter(names = {"-v", "--verbose"}, presentValue = "true", absentValue = "false")
            Object verboseOption) {
        Console.error("resources", Args.PID_REQUIRED);
    }

    @Descriptor("lists the cleanup handlers in the order a cleanup runs them")
    public void handlers(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption) {
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("handlers")) {
            return;
        }
        Table table = Table.of("#", "TYPE", "RANKING", "SERVICE-ID", "BUNDLE").alignRight(0, 2, 3);
        for (HandlerInfo handler : orchestrator.handlers()) {
            table.row(handler.position(), handler.resourceType(), handler.ranking(),
                    handler.serviceId() < 0 ? null : handler.serviceId(), handler.bundle());
        }
        table.print(System.out, "no cleanup handlers", plain);
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void resources(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ResourceCommands.class, "resources", first, rest);
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void handlers(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ResourceCommands.class, "handlers", first, rest);
    }
}
