package io.reclaim.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
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
import io.reclaim.api.readings.OsReading;

/**
 * {@code reclaim:selftest}: proves on this host, with the resource types installed right now,
 * that ending a process releases everything it held, down to the OS.
 */
@Component(name = "io.reclaim.shell.selftest", service = SelftestCommands.class)
@ReclaimCommand(function = "selftest")
public final class SelftestCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;

    static final String DEFAULT_PROCESSES = "200";
    static final int MAX_PROCESSES = 100_000;

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final SelfTest.Settings settings;
    private final List<ResourceCleanup> cleanups = new CopyOnWriteArrayList<>();

    @Activate
    public SelftestCommands(@Reference Platform platform) {
        this(platform.processes(), platform.orchestrator(), SelfTest.Settings.DEFAULTS);
        this.platform = platform;
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
        if (platform.incomplete("selftest")) {
            return;
        }
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

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void selftest(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(SelftestCommands.class, "selftest", first, rest);
    }

    static void print(SelftestReport report, PrintStream out) {
        out.println("selftest: " + report.processes() + " processes and " + report.osBacked()
                + " backed by OS children, ended gracefully, forced, by two terminates at once and by their own exit, in "
                + Human.elapsed(report.took()));
        OsReading before = report.before();
        OsReading after = report.after();
        Map<String, Long> leaked = report.osLeaks();
        boolean proc = before.fds() >= 0;
        Table readings = Table.of("READING", "BEFORE", "AFTER", "LEAKED").alignRight(1, 2, 3);
        readings.row("open fds", available(before.fds()), available(after.fds()), checked(proc, leaked, "fds"));
        readings.row("file mappings", available(before.fileMappings()), available(after.fileMappings()),
                checked(proc, leaked, "file mappings"));
        readings.row("all mappings", available(before.mappings()), available(after.mappings()), null);
        readings.row("threads (busy)", before.busyThreads(), after.busyThreads(), checked(true, leaked, "threads"));
        readings.row("threads (idle, retiring)", before.retiringThreads(), after.retiringThreads(), null);
        readings.row("direct buffers", before.directBuffers(), after.directBuffers(),
                checked(true, leaked, "direct buffers"));
        readings.row("direct bytes", before.directBytes(), after.directBytes(), null);
        readings.print(out, "");
        out.println("(fds and file mappings must be back exactly; idle pool workers that retire by themselves are "
                + "not busy; each of the " + report.extraThreads() + " thread(s) added at the peak may cache a direct "
                + "buffer; anonymous mappings are the JVM's own)");
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

    private static Long checked(boolean readable, Map<String, Long> leaked, String name) {
        return readable ? leaked.getOrDefault(name, 0L) : null;
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

        /** What Gogo prints: the verdict, without the class name. */
        @Override
        public String toString() {
            return "reclaim:selftest failed: " + getMessage();
        }
    }
}
