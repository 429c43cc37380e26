package io.reclaim.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journals;

/**
 * reclaim.jar as its own JVM on a temporary home: killed with SIGKILL, stopped with SIGTERM, started
 * twice on one home. Every claim about a process is checked in the OS process table.
 */
public class CrashRecoveryIT {

    private static final Pattern SPAWNED = Pattern.compile("pid (\\d+) \\((\\S+)\\) spawned");

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final List<RunningReclaim> jvms = new ArrayList<>();
    private final List<Process> unrelated = new ArrayList<>();
    /** Unique sleep lengths, so that the processes of this test are told from every other one. */
    private final long base = 100_000 + ThreadLocalRandom.current().nextLong(800_000);

    @After
    public void tearDown() {
        jvms.forEach(RunningReclaim::close);
        unrelated.forEach(Process::destroyForcibly);
        for (long i = 0; i < 10; i++) {
            OsTable.running("sleep " + (base + i)).forEach(entry -> ProcessHandle.of(entry.pid()).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    private Path home() {
        return tmp.getRoot().toPath().resolve("home");
    }

    private RunningReclaim start(String log) throws Exception {
        RunningReclaim jvm = RunningReclaim.start(home(), tmp.getRoot().toPath().resolve(log));
        jvms.add(jvm);
        return jvm;
    }

    @Test
    public void everythingAJvmKilledWithSigkillLeftIsReclaimedAtTheNextStartAndAnUnrelatedProcessIsNot() throws Exception {
        String ring = "crash-" + base;
        Path ringFile = Path.of("/dev/shm", "reclaim-zc-" + ring + ".ring");
        RunningReclaim crashing = start("first.log");
        crashing.send("reclaim:spawn -c \"sleep " + base + "\" sleeper");
        crashing.send("reclaim:spawn -c \"sh -c \\\"sleep " + (base + 1) + " & sleep " + (base + 2) + "\\\"\" pair");
        crashing.send("reclaim:spawn ringholder");
        crashing.send("ctx = ${.context}");
        crashing.send("pm = $ctx getService ($ctx getServiceReference io.reclaim.api.ProcessManager)");
        crashing.send("zc = $ctx getService ($ctx getServiceReference io.reclaim.zerocopy.ZeroCopyManager)");
        crashing.send("each ($pm list) { if { ($it name) equals ringholder } { $zc create ($it pid) " + ring + " 4096 } }");
        crashing.send("echo first-run-ready");
        crashing.awaitOutput("first-run-ready");
        Map<String, Long> pids = spawned(crashing.output());
        OsTable.await("the three sleeps and the pair's shell run", () -> OsTable.running("sleep " + base).size() == 1
                && OsTable.running("sleep " + (base + 1)).size() == 2 && OsTable.running("sleep " + (base + 2)).size() == 2);
        Set<OsTable.Entry> children = new LinkedHashSet<>(); // the pair's sh names two sleeps
        for (long i = 0; i < 3; i++) {
            children.addAll(OsTable.running("sleep " + (base + i)));
        }
        assertEquals("sleeper, the pair's sh, its backgrounded and its foreground sleep: " + children, 4, children.size());
        assertTrue(Files.exists(ringFile));

        crashing.process().destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertEquals(137, crashing.exitCode());
        for (OsTable.Entry child : children) {
            assertTrue("the crash left OS process " + child.pid() + " running", child.isRunning());
        }
        assertTrue("the crash left the ring file", Files.exists(ringFile));

        // an unrelated process whose pid number a record names, with another start time, as after pid reuse
        Process bystander = new ProcessBuilder("sleep", Long.toString(base + 5)).start();
        unrelated.add(bystander);
        OsTable.Entry stranger = OsTable.of(bystander.pid());
        try (CloseableJournal journal = Journals.open(home().resolve("journal"))) {
            assertEquals("the crashed run's records: two OS children and a ring", 3, journal.leftovers().size());
            journal.record("os-process", null, Map.of("os.pid", Long.toString(stranger.pid()),
                    "start.time", Long.toString(stranger.startTime() - 1), "session", Long.toString(stranger.pid()),
                    "name", "reused"));
        }

        RunningReclaim next = start("second.log");
        for (OsTable.Entry child : children) {
            OsTable.await("OS process " + child.pid() + " of the crashed run is gone", () -> !child.isRunning());
        }
        OsTable.await("the ring file of the crashed run is gone", () -> !Files.exists(ringFile));
        next.awaitOutput("reclaimed 1 zerocopy leftover");
        next.awaitOutput("reclaimed 3 os-process leftover");
        next.send("reclaim:history");
        next.send("reclaim:status");
        next.send("echo second-run-done");
        next.awaitOutput("second-run-done");
        String out = next.output();

        assertTrue("the unrelated process was touched", stranger.isRunning());
        assertHistoryLine(out, pids.get("sleeper"), "sleeper");
        assertHistoryLine(out, pids.get("pair"), "pair");
        assertHistoryLine(out, pids.get("ringholder"), "(earlier run)");
        assertTrue(out, out.contains("3 orphan(s) of an earlier run reclaimed"));
        assertTrue(out, out.contains(home().resolve("journal").resolve("journal.log") + ", 0 record(s)"));
        assertEquals(0, next.endInput());
        try (CloseableJournal journal = Journals.open(home().resolve("journal"))) {
            assertEquals(List.of(), journal.leftovers());
        }
    }

    @Test
    public void sigtermEndsEveryProcessAlsoOneAKillWaitsAnHourForAndLeavesTheJournalEmpty() throws Exception {
        RunningReclaim jvm = start("stop.log");
        jvm.send("reclaim:spawn -c \"sleep " + base + "\" sleeper");
        jvm.send("reclaim:spawn -c \"sh -c \\\"trap '' TERM; sleep " + (base + 1) + "\\\"\" stubborn");
        jvm.send("echo stop-ready");
        jvm.awaitOutput("stop-ready");
        long stubborn = spawned(jvm.output()).get("stubborn");
        OsTable.await("both children run", () -> OsTable.running("sleep " + base).size() == 1
                && OsTable.running("sleep " + (base + 1)).size() == 2);
        List<OsTable.Entry> children = new ArrayList<>(OsTable.running("sleep " + base));
        children.addAll(OsTable.running("sleep " + (base + 1)));
        jvm.send("reclaim:kill -g 3600 " + stubborn);
        OsTable.await("the kill sent TERM and waits", () -> jvm.output().contains("reclaim:kill") || sigTermIgnoredSeen());

        jvm.process().destroy(); // SIGTERM to the JVM, as systemd or a closing terminal would

        int exit = jvm.exitCode(); // bounded: the hour of grace is cut short
        assertNotEquals(137, exit);
        for (OsTable.Entry child : children) {
            assertFalse("OS process " + child.pid() + " survived the JVM", child.isRunning());
        }
        String out = jvm.output();
        assertFalse(out, out.contains("InterruptedException"));
        // the platform stop hook ends them as the framework starts to stop, or close() does
        assertTrue(out, out.matches("(?s).*(process manager closed; [12] live process\\(es\\) shut down"
                + "|is stopping the framework: ended [12] live process\\(es\\) first).*"));
        try (CloseableJournal journal = Journals.open(home().resolve("journal"))) {
            assertEquals("a graceful stop leaves nothing to reclaim", List.of(), journal.leftovers());
        }
    }

    @Test
    public void aSecondJvmOnTheSameHomeIsRefusedWithOneLine() throws Exception {
        RunningReclaim first = start("first.log");
        first.send("echo first-up");
        first.awaitOutput("first-up");

        RunningReclaim second = start("second.log");

        assertEquals(3, second.exitCode());
        assertEquals("reclaim: the home " + home() + " is in use by another Reclaim (os pid " + first.pid()
                + "); choose another with --home DIR", second.output().strip());
        assertEquals(0, first.endInput());
    }

    /** The kill has begun once the shell has read it; the stubborn child shows no sign, so give it a moment. */
    private static boolean sigTermIgnoredSeen() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static Map<String, Long> spawned(String output) {
        Map<String, Long> pids = new java.util.HashMap<>();
        Matcher matcher = SPAWNED.matcher(output);
        while (matcher.find()) {
            pids.put(matcher.group(2), Long.parseLong(matcher.group(1)));
        }
        return pids;
    }

    private static void assertHistoryLine(String output, long pid, String name) {
        Pattern line = Pattern.compile("(?m)^\\s*" + pid + "\\s+" + Pattern.quote(name) + "\\s+.*orphan of an earlier run");
        assertTrue("no history line for pid " + pid + " (" + name + ") in:\n" + output, line.matcher(output).find());
    }
}
