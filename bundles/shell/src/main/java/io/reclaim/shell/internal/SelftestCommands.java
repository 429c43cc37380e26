package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;

/**
 * {@code reclaim:selftest}: proves on this host, with the resource types installed right now,
 * that ending a process releases everything it held, down to the OS.
 */
@Component(name = "io.reclaim.shell.selftest", service = SelftestCommands.class)
@ReclaimCommand(function = "selftest")
public final class SelftestCommands {

    static final String DEFAULT_PROCESSES = "200";
    static final int MAX_PROCESSES = 100_000;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final SelfTest.Settings settings;
    private final List<ResourceCleanup> cleanups = new CopyOnWriteArrayList<>();

    @Activate
    public SelftestCommands(@Reference ProcessManager processes, @Reference ResourceOrchestrator orchestrator) {
        this(processes, orchestrator, SelfTest.Settings.DEFAULTS);
    }

    SelftestCommands(ProcessManager processes, ResourceOrchestrator orchestrator, SelfTest.Settings settings) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.settings = settings;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addCleanup(ResourceCleanup cleanup) {
        cleanups.add(cleanup);
    }

    void removeCleanup(ResourceCleanup cleanup) {
        cleanups.remove(cleanup);
    }

    @Descriptor("spawns processes that each acquire one resource of every installed type, ends them by every path "
            + "(graceful, forced, two terminates at once, an OS child's own exit) and checks that nothing is left: "
            + "no ended process holds anything, every type released what it acquired, and the JVM's fds, mappings, "
            + "threads and direct memory are back; fails naming what leaked")
    public void selftest(
            @Descriptor("number of logical processes, default " + DEFAULT_PROCESSES
                    + "; a few backed by OS children (sleep, sh) are added")
            @Parameter(names = {"-n", "--processes"}, absentValue = DEFAULT_PROCESSES) String count) {
        int processCount;
        try {
            processCount = Args.count("processes", count, MAX_PROCESSES);
        } catch (IllegalArgumentException e) {
            Console.error("selftest", e);
            return;
        }
        SelftestReport report;
        try {
            report = new SelfTest(processes, orchestrator, List.copyOf(cleanups), settings).run(processCount);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Console.error("selftest", "interrupted; the processes it spawned were terminated");
            return;
        }
        print(report, System.out);
        if (report.leaked() > 0) {
            // an exception, not just a line: Gogo reports it and a script sees the command fail
            throw new SelftestFailure(report.verdict());
        }
    }

    static void print(SelftestReport report, PrintStream out) {
        out.println("selftest: " + report.processes() + " processes and " + report.osBacked()
                + " backed by OS children, ended gracefully, forced, by two terminates at once and by their own exit, in "
                + Human.elapsed(report.took()));
        OsReading before = report.before();
        OsReading after = report.after();
        OsReading excess = report.excess();
        Table readings = Table.of("READING", "BEFORE", "AFTER", "LEAKED").alignRight(1, 2, 3);
        readings.row("open fds", available(before.fds()), available(after.fds()),
                before.fds() < 0 ? null : excess.fds());
        readings.row("mappings", available(before.mappings()), available(after.mappings()),
                before.mappings() < 0 ? null : excess.mappings());
        readings.row("threads (busy)", before.busyThreads(), after.busyThreads(), excess.threads());
        readings.row("threads (idle, retiring)", before.retiringThreads(), after.retiringThreads(), null);
        readings.row("direct buffers", before.directBuffers(), after.directBuffers(), excess.directBuffers());
        readings.row("direct bytes", before.directBytes(), after.directBytes(), null);
        readings.print(out, "");
        if (report.extraThreads() > 0 && before.mappings() >= 0) {
            int extra = report.extraThreads();
            out.println("(" + extra + (extra == 1 ? " more thread" : " more threads") + " ran at once than before: "
                    + "a stack stays mapped for reuse, " + OsReading.MAPPINGS_PER_THREAD + " mappings each are no leak)");
        }
        out.println();

        Table types = Table.of("TYPE", "SAMPLED", "ACQUIRED", "RELEASED", "LEAKED", "RESULT").alignRight(1, 2, 3, 4);
        for (SelftestReport.TypeResult type : report.types()) {
            types.row(type.type(), type.sampleable() ? type.sampled() : null, type.acquired(), type.released(),
                    type.leaked(), type.result());
        }
        types.print(out, "no resource types installed");
        report.problems().forEach(problem -> out.println("warning: " + problem));
        out.println(report.verdict());
    }

    private static Long available(long reading) {
        return reading < 0 ? null : reading;
    }

    /** A self-test that found a leak; its message is the verdict line. */
    static final class SelftestFailure extends RuntimeException {

        private static final long serialVersionUID = 1L;

        SelftestFailure(String verdict) {
            super(verdict);
        }
    }
}
