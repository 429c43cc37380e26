package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/**
 * The self-test against a small live platform of real resources (open files, direct memory)
 * and real OS children, run by the real orchestrator and process manager.
 */
public class SelftestCommandsTest {

    /**
     * One OS child per path; the self-exiting ones, also in the warm-up, wait long enough for
     * their samples to land, so that every count below is exact.
     */
    private static final List<String> EXIT_SOON = List.of("sh", "-c", "sleep 0.5; exit 0");
    private static final SelfTest.Settings SETTINGS = new SelfTest.Settings(1, Duration.ofSeconds(2),
            List.of("sleep", "30"), EXIT_SOON, EXIT_SOON, 4, 3, 5, Duration.ofMillis(20), Duration.ofSeconds(20));

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
            .historySize(1000).build();
    private final SelftestCommands commands = new SelftestCommands(processes, orchestrator, SETTINGS);
    private Path file;
    private SampleTypes.LeakyFiles leaky;

    @Before
    public void installTypes() throws Exception {
        assumeTrue("needs sh and sleep", Files.isExecutable(Path.of("/bin/sh")));
        file = Files.createTempFile("selftest", ".bin");
        add(new SampleTypes.Files("files", processes, file).cleanupHandler(), ResourceCleanup.RANKING_FILES);
        add(new SampleTypes.Memory(processes).cleanupHandler(), ResourceCleanup.RANKING_MEMORY);
        add(new SampleTypes.Unsampled(processes).cleanupHandler(), ResourceCleanup.RANKING_CUSTOM);
    }

    @After
    public void removeFile() throws Exception {
        processes.close();
        orchestrator.close();
        if (leaky != null) {
            leaky.closeAll();
        }
        if (file != null) {
            Files.delete(file);
        }
    }

    private void add(ResourceCleanup cleanup, int ranking) {
        orchestrator.register(cleanup, ranking);
        commands.addCleanup(cleanup);
    }

    @Test
    public void aPlatformThatReleasesEverythingPassesWithZeroLeaked() {
        commands.selftest("12");

        List<String> lines = console.outLines();
        assertEquals("selftest: 12 processes, 3 types, 0 leaked", lines.get(lines.size() - 1));
        // 12 logical processes and 4 OS-backed ones each sampled files and memory once
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.matches("files\\s+16\\s+16\\s+16\\s+0\\s+ok")));
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.matches("memory\\s+16\\s+16\\s+16\\s+0\\s+ok")));
        assertTrue(lines.toString(),
                lines.stream().anyMatch(line -> line.matches("tempdir\\s+-\\s+0\\s+0\\s+0\\s+ok, no sample")));
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.matches("open fds\\s+\\d+\\s+\\d+\\s+0")
                || !Files.isDirectory(Path.of("/proc/self/fd"))));
        assertEquals("", console.err());
    }

    @Test
    public void everyPathIsTakenAndNothingIsLeftRunning() {
        commands.selftest("12");

        assertTrue(processes.list().isEmpty());
        ProcessStatistics endings = processes.statistics();
        // warm-up and measured round: 3 + 12 logical, 4 + 4 OS-backed
        assertEquals(23, processes.history().size());
        assertTrue(endings.toString(), endings.terminated() > 0);
        assertEquals(endings.toString(), 2, endings.exited());
        assertTrue(endings.toString(), endings.forced() >= 2);
        for (ProcessInfo info : processes.history()) {
            assertEquals(ProcessState.TERMINATED, info.state());
            assertTrue(info.toString(), orchestrator.usage(info.pid()).isEmpty());
        }
    }

    @Test
    public void aTypeThatDoesNotReleaseFailsTheTestLoudlyAndIsNamed() {
        leaky = new SampleTypes.LeakyFiles(processes, file);
        add(leaky.cleanupHandler(), 250);

        SelftestCommands.SelftestFailure failure = assertThrows(SelftestCommands.SelftestFailure.class,
                () -> commands.selftest("5"));

        // 3 + 4 processes of the warm-up and 5 + 4 measured still hold their leaked file; the
        // measured ones' files are 9 open file descriptors that were not there before, but the
        // JVM opens and closes descriptors of its own meanwhile (a jar, a GC'd channel of an
        // earlier test), so the fd count is near 9, not exact
        String verdict = "selftest: 5 processes, 4 types, \\d+ leaked \\(leaky: 16"
                + (Files.isDirectory(Path.of("/proc/self/fd")) ? ", fds: ([5-9]|1\\d)\\)" : "\\)");
        assertTrue(failure.getMessage(), failure.getMessage().matches(verdict));
        List<String> lines = console.outLines();
        assertEquals(failure.getMessage(), lines.get(lines.size() - 1));
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.matches(
                "leaky\\s+9\\s+9\\s+0\\s+16\\s+LEAKED 16, held by ended pid\\(s\\) \\d+ \\d+ \\d+ \\d+ \\d+ \\.\\.\\.")));
    }

    @Test
    public void timersAreSampledAndNoneIsLeftOrFiresAfterItsPidEnded() {
        io.reclaim.timers.CloseableTimerManager timers = io.reclaim.timers.TimerManager.create(processes, 2);
        try {
            add(timers.cleanupHandler(), ResourceCleanup.RANKING_TIMERS);

            commands.selftest("12");

            List<String> lines = console.outLines();
            assertEquals("selftest: 12 processes, 4 types, 0 leaked", lines.get(lines.size() - 1));
            assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.matches("timers\\s+16\\s+16\\s+16\\s+0\\s+ok")));
            assertTrue(timers.cleanupHandler().owners().isEmpty());
        } finally {
            timers.close();
        }
    }

    @Test
    public void aSampleThatFailsIsReportedButIsNoLeak() {
        add(new SampleTypes.Broken(processes).cleanupHandler(), 50);

        commands.selftest("4");

        List<String> lines = console.outLines();
        assertEquals("selftest: 4 processes, 4 types, 0 leaked", lines.get(lines.size() - 1));
        assertTrue(lines.toString(), lines.stream()
                .anyMatch(line -> line.matches("broken\\s+0\\s+0\\s+0\\s+0\\s+ok; 8 sample\\(s\\) failed: no device")));
    }

    @Test
    public void aBadProcessCountGetsOneLineAndSpawnsNothing() {
        console.failing(() -> commands.selftest("many"));
        console.failing(() -> commands.selftest("0"));
        console.failing(() -> commands.selftest("-5"));
        console.failing(() -> commands.selftest("100001"));
        console.failing(() -> commands.selftest("2.5"));

        assertEquals(List.of(
                "reclaim:selftest: processes is a whole number, got 'many'",
                "reclaim:selftest: processes is a number from 1 to 100000, got 0",
                "reclaim:selftest: processes is a number from 1 to 100000, got -5",
                "reclaim:selftest: processes is a number from 1 to 100000, got 100001",
                "reclaim:selftest: processes is a whole number, got '2.5'"), console.errLines());
        assertEquals("", console.out());
        assertTrue(processes.history().isEmpty());
    }
}
