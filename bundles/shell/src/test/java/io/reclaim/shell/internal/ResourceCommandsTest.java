package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.Tracking;
import io.reclaim.files.CloseableFileManager;
import io.reclaim.files.FileManager;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.timers.CloseableTimerManager;

/** Against the real orchestrator and process manager, with real timers and off-heap memory. */
public class ResourceCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    @Rule
    public final RealPlatform platform = new RealPlatform();
    private final EmbeddedOrchestrator orchestrator = platform.orchestrator;
    private final CloseableProcessManager processes = platform.processes;
    private final CloseableTimerManager timers = platform.timers;
    private final CloseableMemoryManager memory = platform.memory;
    private final ResourceCommands commands = new ResourceCommands(processes, orchestrator);

    /** Two timers and one MiB of direct memory. */
    private void holdSome(Pid pid) {
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        memory.allocate(pid, 1_048_576);
    }

    @Test
    public void resourcesShowsCountAndBytesPerTypeInCleanupOrder() throws Exception {
        holdSome(processes.spawn(ProcessSpec.named("demo")).pid());

        commands.resources(true, false, "1");
        List<String> plain = console.outLines();
        commands.resources(false, false, "1");

        assertEquals(List.of(
                "TYPE    COUNT    BYTES  LIMIT",
                "timers      2        0  -",
                "memory      1  1048576  67108864 bytes"), console.outLines().subList(plain.size(), plain.size() + 3));
    }

    @Test
    public void resourcesShowsTheCpuTimeAndTheTimersNextFiring() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("ticker")).pid();
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        timers.scheduleAtFixedRate(pid, Duration.ofSeconds(30), Duration.ofHours(1), () -> { });
        SchedulerImplAccess.Accounting cpu = SchedulerImplAccess.accounting(processes);
        try {
            cpu.charge(pid, 3_500_000);
            commands.cpu = cpu.accounting();
            commands.timers = Services.of(timers);

            commands.resources(false, false, "1");

            List<String> lines = console.outLines();
            assertEquals(List.of("TYPE    COUNT  BYTES  LIMIT", "timers      2      0  -", "cpu time: 3.5ms"), lines.subList(0, 3));
            assertTrue(lines.get(3), lines.get(3).matches("timers: 2, next firing in (29|30)\\.\\d\\ds \\(.*Z\\)"));
        } finally {
            cpu.scheduler().shutdown();
        }
    }

    @Test
    public void resourcesOfAProcessHoldingNothingSaysSo() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));

        commands.resources(false, false, "1");

        assertEquals(List.of("pid 1 holds no resources"), console.outLines());
    }

    @Test
    public void resourcesOfAnUnknownOrBadPidPrintsOneLine() {
        console.failing(() -> commands.resources(false, false, "99"));
        console.failing(() -> commands.resources(false, false, "x"));

        assertEquals(List.of("reclaim:resources: no process with pid 99",
                "reclaim:resources: a pid is a positive number, got 'x'"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void resourcesPlainPrintsRowsOnlyAndNothingForAnEmptyHolding() throws Exception {
        holdSome(processes.spawn(ProcessSpec.named("demo")).pid());
        processes.spawn(ProcessSpec.named("idle"));

        commands.resources(true, false, "1");
        commands.resources(true, false, "2");

        assertEquals(List.of("timers\t2\t0\t-", "memory\t1\t1048576\t67108864 bytes"), console.outLines());
    }

    @Test
    public void resourcesOfAProcessThatEndedShowsWhatItStillHolds() throws Exception {
        // a type whose cleanup forgets to release: the ended pid still holds its file
        Path file = Files.createTempFile("leaky", ".bin");
        SampleTypes.LeakyFiles leaky = new SampleTypes.LeakyFiles(processes, file);
        orchestrator.register(leaky.cleanupHandler(), ResourceCleanup.RANKING_FILES);
        try {
            Pid pid = processes.spawn(ProcessSpec.named("demo")).pid();
            leaky.sample(pid);
            processes.terminate(pid, Duration.ZERO);

            commands.resources(false, false, "1");

            assertEquals(List.of("TYPE   COUNT  BYTES  LIMIT", "leaky      1      0  -"), console.outLines());
        } finally {
            leaky.closeAll();
            Files.delete(file);
        }
    }

    @Test
    public void resourcesWithoutAPidSaysOneIsRequired() {
        console.failing(() -> commands.resources(false, false));

        assertEquals(List.of("reclaim:resources: a pid is required"), console.errLines());
    }

    @Test
    public void handlersPlainPrintsRowsOnly() {
        commands.handlers(true);
        try (EmbeddedOrchestrator empty = ResourceOrchestrators.builder().build()) {
            new ResourceCommands(processes, empty).handlers(true);
        }

        assertEquals(List.of("1\tos-process\t1000\t-\t-", "2\ttimers\t850\t-\t-", "3\tmemory\t100\t-\t-"),
                console.outLines());
    }

    @Test
    public void handlersAreListedInCleanupOrder() {
        commands.handlers(false);

        assertEquals(List.of(
                "#  TYPE        RANKING  SERVICE-ID  BUNDLE",
                "1  os-process     1000           -  -",
                "2  timers          850           -  -",
                "3  memory          100           -  -"), console.outLines());
    }

    @Test
    public void noHandlersSaysSo() {
        try (EmbeddedOrchestrator empty = ResourceOrchestrators.builder().build()) {
            new ResourceCommands(processes, empty).handlers(false);
        }

        assertEquals(List.of("no cleanup handlers"), console.outLines());
    }

    @Test
    public void resourcesVerboseNamesEachResourceWithItsAgeAndTheLineThatAcquiredIt() throws Exception {
        memory.configure(Map.of(Tracking.PROPERTY, "all"));
        Pid pid = processes.spawn(ProcessSpec.named("demo")).pid();
        int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
        memory.allocate(pid, 4096);
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });

        commands.resources(false, true, "1");

        List<String> lines = console.outLines();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("TYPE    PID")).findFirst().orElseThrow());
        String memoryRow = lines.get(header + 2);
        assertTrue(memoryRow, memoryRow.startsWith("memory    1  "));
        assertTrue(memoryRow, memoryRow.matches("memory +1  direct allocation of 4096 bytes +\\d+s +"
                + "ResourceCommandsTest\\.resources.*\\(ResourceCommandsTest\\.java:" + line + "\\) on main"));
        String timerRow = lines.get(header + 1);
        assertTrue(timerRow, timerRow.startsWith("timers    1") && timerRow.endsWith(HeldResources.UNTRACKED));
    }

    @Test
    public void giveHandsEveryFileOfAProcessToAnotherWhichReleasesThemWhenItEnds() throws Exception {
        try (CloseableFileManager files = FileManager.create(processes)) {
            orchestrator.register(files.cleanupHandler(), ResourceCleanup.RANKING_FILES);
            Pid giver = processes.spawn(ProcessSpec.named("giver")).pid();
            Pid taker = processes.spawn(ProcessSpec.named("taker")).pid();
            FileChannel channel = files.open(giver, Files.createTempFile("give", ".bin")).resource(giver);

            assertEquals(Long.valueOf(1), commands.give("1", "files", "2"));
            processes.terminate(giver, Duration.ZERO);

            assertTrue(channel.isOpen());
            assertEquals(1, orchestrator.usage(taker).get("files").count());
            processes.terminate(taker, Duration.ZERO);
            assertFalse(channel.isOpen());
            assertEquals(List.of("pid 1 gave 1 files to pid 2"), console.outLines());
        }
    }

    @Test
    public void giveOfATypeThatCannotChangeHandsOrToAnEndedProcessPrintsOneLineAndMovesNothing() throws Exception {
        Pid giver = processes.spawn(ProcessSpec.named("giver")).pid();
        Pid ended = processes.spawn(ProcessSpec.named("ended")).pid();
        Pid taker = processes.spawn(ProcessSpec.named("taker")).pid();
        memory.allocate(giver, 64);
        processes.terminate(ended, Duration.ZERO);

        console.failing(() -> commands.give("1", "memory", "3"));
        console.failing(() -> commands.give("1", "timers", "2"));
        console.failing(() -> commands.give("1", "nothing", "3"));

        assertEquals(List.of("reclaim:give: memory resources cannot change hands",
                "reclaim:give: timers resources cannot change hands",
                "reclaim:give: no resource type 'nothing' is installed"), console.errLines());
        assertEquals(1, orchestrator.usage(giver).get("memory").count());
        assertTrue(orchestrator.usage(taker).isEmpty());
    }
}
