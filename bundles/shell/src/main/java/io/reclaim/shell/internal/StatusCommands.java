package io.reclaim.shell.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.journal.Journal;

/** {@code reclaim:status}: how this platform runs: containment, home, journal, uptime, counts. */
@Component(name = "io.reclaim.shell.status", service = StatusCommands.class)
@ReclaimCommand(function = "status")
public final class StatusCommands {

    /** Complete unless the commands run in a framework that lacks a part of the platform. */
    private Platform platform = Platform.COMPLETE;
    private final ProcessManager processes;
    private volatile Journal journal;
    private volatile Map<String, Object> journalProperties = Map.of();

    @Activate
    public StatusCommands(@Reference Platform platform) {
        this(platform.processes());
        this.platform = platform;
    }

    StatusCommands(ProcessManager processes) {
        this.processes = processes;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setJournal(Journal journal, Map<String, Object> properties) {
        this.journalProperties = Map.copyOf(properties);
        this.journal = journal;
    }

    void unsetJournal(Journal journal) {
        if (this.journal == journal) {
            this.journal = null;
            this.journalProperties = Map.of();
        }
    }

    @Descriptor("how the platform runs: the containment of OS children and why, the home directory, the journal "
            + "(file, records), uptime, and how many processes are live, ended and reclaimed as orphans of an earlier run")
    public void status(
            @Descriptor(Plain.DESCRIPTION)
            @Parameter(names = {"-p", "--plain", "--no-format"}, presentValue = "true", absentValue = "false")
            Object plainOption) {
        boolean plain = Args.flag(plainOption);
        if (platform.incomplete("status")) {
            return;
        }
        Journal current = journal;
        Map<String, Object> properties = journalProperties;
        ProcessStatistics counts = processes.statistics();
        long ended = counts.terminated() + counts.forced() + counts.exited() + counts.shutdown();
        Table table = Table.of("", "");
        table.row("containment", text(properties.get(Journal.CONTAINMENT_PROPERTY), "unknown (no journal service)"));
        table.row("home", text(properties.get(Journal.HOME_PROPERTY), "none (embedded: no Reclaim home)"));
        table.row("journal", current == null ? "none: what a crash leaves is not reclaimed"
                : current.file().map(file -> file + ", " + current.size() + " record(s)")
                        .orElse("in memory: what a crash leaves is not reclaimed"));
        table.row("uptime", Human.age(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime())));
        table.row("processes", counts.running() + " live, " + ended + " ended, " + counts.orphans()
                + " orphan(s) of an earlier run reclaimed");
        if (plain) {
            table.print(System.out, "", true);
            return;
        }
        // a list of facts, not rows of one kind: names aligned, no header
        for (String line : table.plainLines()) {
            int tab = line.indexOf('\t');
            System.out.println(String.format("%-12s", line.substring(0, tab)) + line.substring(tab + 1));
        }
    }

    private static String text(Object value, String otherwise) {
        return value == null || value.toString().isBlank() ? otherwise : value.toString();
    }

    // no @Descriptor: Karaf describes a command by the first described method it finds, which must be a real form
    public void status(@Descriptor(Misuse.FIRST) StringBuilder first, @Descriptor(Misuse.REST) StringBuilder[] rest) {
        Misuse.report(StatusCommands.class, "status", first, rest);
    }
}
