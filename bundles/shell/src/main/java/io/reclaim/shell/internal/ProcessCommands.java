package io.reclaim.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Ending;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/** {@code reclaim:spawn}, {@code reclaim:ps} and {@code reclaim:kill}: the life of a process. */
@Component(name = "io.reclaim.shell.processes", service = ProcessCommands.class)
@ReclaimCommand(function = {"spawn", "ps", "kill"})
public final class ProcessCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    static final String DEFAULT_GRACE_SECONDS = "5";
    /** What Gogo passes for an absent {@code -c}, so that {@code -c ""} is told apart and refused. */
    static final String NO_COMMAND = Parameter.UNSPECIFIED;
    /** What Gogo passes for an absent {@code --parent} or {@code --heir}. */
    static final String NO_PID = Parameter.UNSPECIFIED;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final Clock clock;

    /** The platform's CPU accounting (the scheduler bundle); without it {@code ps} has no CPU column. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile CpuAccounting cpu;

    @Activate
    public ProcessCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator(), Clock.systemUTC());
        this.platform = platform;
    }

    ProcessCommands(ProcessManager processes, ResourceOrchestrator orchestrator) {
        this(processes, orchestrator, Clock.systemUTC());
    }

    ProcessCommands(ProcessManager processes, ResourceOrchestrator orchestrator, Clock clock) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.clock = clock;
    }

    @Descriptor("spawns a managed process, logical or backed by an OS command, and returns its pid")
    public Long spawn(
            @Descriptor("OS command line to run, split on whitespace; quote arguments that hold spaces")
            @Parameter(names = {"-c", "--command"}, absentValue = NO_COMMAND) String command,
            @Descriptor("pid of a running process whose child this one is: it ends when its parent ends")
            @Parameter(names = {"--parent"}, absentValue = NO_PID) String parent,
            @Descriptor("with --parent: the child outlives its parent's ending (reclaim:kill --tree still ends it)")
            @Parameter(names = {"--detached"}, presentValue = "true", absentValue = "false") Object detachedOption,
            @Descriptor("pid of a process that inherits this one's files and sockets when it ends")
            @Parameter(names = {"--heir"}, absentValue = NO_PID) String heir,
            @Descriptor("name of the process, shown by reclaim:ps") String name) {
        if (platform.incomplete("spawn")) {
            return null;
        }
        try {
            Usage.check(name);
            Args.name(name);
            ProcessSpec spec = ProcessSpec.named(name);
            boolean detached = Args.flag(detachedOption);
            if (!NO_PID.equals(parent)) {
                spec = detached ? spec.detachedFrom(Args.pid(parent)) : spec.withParent(Args.pid(parent));
            } else if (detached) {
                throw new IllegalArgumentException("--detached needs --parent PID");
            }
            if (!NO_PID.equals(heir)) {
                spec = spec.withHeir(Args.pid(heir));
            }
            if (!NO_COMMAND.equals(command)) {
                // a program that cannot run is refused by the process manager before a pid is spent
                spec = spec.withCommand(Args.commandLine(command));
            }
            ProcessInfo info = processes.spawn(spec);
            System.out.println("pid " + info.pid() + " (" + Names.display(info.name()) + ") spawned"
                    + (info.osPid() > 0 ? ", os pid " + info.osPid() : ", logical"));
            return info.pid().value();
        } catch (IOException | IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            Console.error("spawn", e);
        }
        return null;
    }

    @Descriptor("without a name: says that one is required (reclaim:spawn [-c \"CMD ARGS\"] NAME)")
    public Long spawn() {
        Console.error("spawn", "a name is required (reclaim:spawn [-c \"CMD ARGS\"] [--parent PID [--detached]] "
                + "[--heir PID] NAME)");
        return null;
    }

    @Descriptor("lists the processes not yet terminated")
    public void ps(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption,
            @Descriptor("draw the process tree: each child under its parent, indented")
            @Parameter(names = {"-t", "--tree"}, presentValue = "true", absentValue = "false")
            Object treeOption) {
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("ps")) {
            return;
        }
        Instant now = clock.instant();
        if (Args.flag(treeOption)) {
            Table table = Table.of("PID", "NAME", "STATE", "OS-PID", "RESOURCES", "AGE").alignRight(3, 4);
            for (ProcessTree.Node node : ProcessTree.of(processes.list())) {
                ProcessInfo info = node.process();
                table.row(node.indent() + info.pid() + (info.spec().detached() ? " (detached)" : ""), info.name(),
                        info.state(), info.osPid() > 0 ? info.osPid() : null, held(info.pid()),
                        Human.age(Duration.between(info.started(), now)));
            }
            table.print(System.out, "no processes", plain);
            return;
        }
        CpuAccounting accounting = cpu;
        if (accounting != null) {
            Table table = Table.of("PID", "NAME", "STATE", "OS-PID", "RESOURCES", "CPU", "AGE").alignRight(0, 3, 4, 5);
            for (ProcessInfo info : processes.list()) {
                table.row(info.pid(), info.name(), info.state(), info.osPid() > 0 ? info.osPid() : null,
                        held(info.pid()), CpuTime.of(accounting, info.pid()), Human.age(Duration.between(info.started(), now)));
            }
            table.print(System.out, "no processes", plain);
            return;
        }
        Table table = Table.of("PID", "NAME", "STATE", "OS-PID", "RESOURCES", "AGE").alignRight(0, 3, 4);
        for (ProcessInfo info : processes.list()) {
            table.row(info.pid(), info.name(), info.state(), info.osPid() > 0 ? info.osPid() : null,
                    held(info.pid()), Human.age(Duration.between(info.started(), now)));
        }
        table.print(System.out, "no processes", plain);
    }

    @Descriptor("terminates a process (TERM, grace period, KILL of its OS tree), releases everything it holds "
            + "and shows what each cleanup handler freed")
    public void kill(
            @Descriptor("seconds the OS process may take to exit after TERM before it is killed; decimals allowed, "
                    + "default " + DEFAULT_GRACE_SECONDS)
            @Parameter(names = {"-g", "--grace"}, absentValue = DEFAULT_GRACE_SECONDS) String grace,
            @Descriptor("end the process and every descendant, leaves first, each through its own cleanup, "
                    + "and show one combined report")
            @Parameter(names = {"-t", "--tree"}, presentValue = "true", absentValue = "false") Object treeOption,
            @Descriptor("pid of a process that has not ended, e.g. 7 or $pid") String pid) {
        if (platform.incomplete("kill")) {
            return;
        }
        try {
            Pid target = Args.pid(pid);
            Duration period = Args.seconds("grace", grace);
            ProcessLookup.notEnded(processes, target);
            boolean tree = Args.flag(treeOption);
            List<Pid> members = tree ? ProcessTree.members(processes.list(), target) : List.of(target);
            CleanupResult result = awaitTermination(target, period, tree);
            if (result == null) {
                return;
            }
            // one write: the report reaches the terminal whole even when the platform is stopping
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8);
            for (int i = members.size() - 1; i >= 0; i--) { // leaves first, as they ended
                out.println(ending(members.get(i)));
            }
            CleanupReport.print(tree ? CleanupReport.byType(result) : result, out);
            System.out.print(report.toString(StandardCharsets.UTF_8));
            System.out.flush();
        } catch (IllegalArgumentException | IllegalStateException e) {
            Console.error("kill", e);
        }
    }

    /**
     * Runs the termination on a thread of its own and waits for it here, so that Ctrl-C (which
     * interrupts this thread) ends the wait and not the termination: that goes on to its end, and
     * another {@code reclaim:kill} of the pid waits for the same result.
     *
     * @return the result, or {@code null} if the wait was interrupted (said on the error stream)
     */
    private CleanupResult awaitTermination(Pid target, Duration period, boolean tree) {
        CompletableFuture<CleanupResult> result = new CompletableFuture<>();
        Thread terminating = new Thread(() -> {
            try {
                result.complete(tree ? processes.terminateTree(target, period) : processes.terminate(target, period));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "reclaim-kill-" + target);
        terminating.setDaemon(true);
        terminating.start();
        try {
            return result.get();
        } catch (InterruptedException e) {
            Console.error("kill", "interrupted; pid " + target + " goes on terminating, 'reclaim:kill " + target
                    + "' waits for its result");
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("terminating pid " + target + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Descriptor("without a pid: says that one is required (reclaim:kill [-g SECONDS] [-t] PID)")
    public void kill(
            @Descriptor("seconds the OS process may take to exit after TERM before it is killed")
            @Parameter(names = {"-g", "--grace"}, absentValue = DEFAULT_GRACE_SECONDS) String grace,
            @Descriptor("end the process and every descendant")
            @Parameter(names = {"-t", "--tree"}, presentValue = "true", absentValue = "false") Object treeOption) {
        Console.error("kill", Args.PID_REQUIRED);
    }

    private long held(Pid pid) {
        return orchestrator.usage(pid).values().stream().mapToLong(ResourceUsage::count).sum();
    }

    private String ending(Pid pid) {
        return processes.info(pid).map(info -> {
            StringBuilder line = new StringBuilder("pid ").append(pid).append(" (").append(Names.display(info.name())).append(") ")
                    .append(Endings.describe(info));
            if (info.ending() != Ending.EXITED) {
                info.exit().ifPresent(code -> line.append(", exit code ").append(code));
            }
            return line.toString();
        }).orElse("pid " + pid + " terminated");
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void spawn(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ProcessCommands.class, "spawn", first, rest);
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void ps(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ProcessCommands.class, "ps", first, rest);
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void kill(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(ProcessCommands.class, "kill", first, rest);
    }
}
