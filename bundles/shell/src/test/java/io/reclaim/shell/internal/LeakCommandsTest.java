package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.Pin;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.memory.MemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.timers.CloseableTimerManager;
import io.reclaim.timers.TimerManager;

/**
 * Leaks of the real platform: the real orchestrator and process manager with real OS children, a
 * file type whose first cleanup of a pid forgets its files, and off-heap memory tracked behind a
 * gate that admits pids the process manager never spawned. Only the reading of the OS children's
 * fate is the test's, keyed by their real OS pids.
 */
public class LeakCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder().withResourceOrchestrator(orchestrator)
            .build();
    private final CloseableTimerManager timers = TimerManager.create(processes, 1);
    /** Behind a gate that admits any pid: what it tracks for an unknown pid is a leak. */
    private final CloseableMemoryManager memory = MemoryManager.create(pid -> ProcessState.RUNNING,
            MemoryManager.DEFAULT_QUOTA_BYTES);
    /** OS pid to how it went; absent means alive. */
    private final Map<Long, String> gone = new ConcurrentHashMap<>();
    private final LeakCommands commands = new LeakCommands(processes, orchestrator,
            osPid -> Optional.ofNullable(gone.get(osPid)));
    private Path file;
    private SampleTypes.ForgetsFirstCleanup forgetful;

    @Before
    public void registerTypes() throws Exception {
        file = Files.createTempFile("leaks", ".bin");
        forgetful = new SampleTypes.ForgetsFirstCleanup(processes, file);
        orchestrator.register(timers.cleanupHandler(), ResourceCleanup.RANKING_TIMERS);
        orchestrator.register(forgetful.cleanupHandler(), ResourceCleanup.RANKING_FILES);
        orchestrator.register(memory.cleanupHandler(), ResourceCleanup.RANKING_MEMORY);
    }

    @After
    public void closeEverything() throws Exception {
        processes.close();
        timers.shutdown();
        memory.shutdown();
        forgetful.closeAll();
        orchestrator.close();
        Files.delete(file);
    }

    /**
     * pid 1 running and healthy, pid 2 ended, pid 3 running whose OS child exited, pid 4
     * TERMINATING (its cleanup is under way: no leak), pid 5 running with a zombie child, pid 99
     * never spawned: all hold something.
     */
    private void leakingPlatform() throws Exception {
        Pid healthy = spawn(ProcessSpec.named("healthy").withCommand("sleep", "600"));
        Pid ended = spawn(ProcessSpec.named("ended"));
        Pid orphaned = spawn(ProcessSpec.named("orphaned").withCommand("sleep", "600"));
        Pid stopping = spawn(ProcessSpec.named("stopping").withCommand("sh", "-c", "trap '' TERM; sleep 600"));
        Pid undead = spawn(ProcessSpec.named("undead").withCommand("sleep", "600"));
        timers.schedule(healthy, Duration.ofMinutes(5), () -> { });
        forgetful.sample(ended);
        forgetful.sample(ended);
        RealPlatform.await(() -> held(healthy) == 1 && held(orphaned) == 1 && held(stopping) == 2 && held(undead) == 1);
        processes.terminate(ended, Duration.ZERO);
        // it ignores SIGTERM: TERMINATING for the minute of its grace
        new Thread(() -> processes.terminate(stopping, Duration.ofMinutes(1))).start();
        RealPlatform.await(() -> processes.state(stopping) == ProcessState.TERMINATING);
        gone.put(osPid(orphaned), "exited");
        gone.put(osPid(undead), "zombie");
        memory.allocate(Pid.of(99), 65_536);
    }

    @Test
    public void leaksListsWhatIsHeldForEndedUnknownStoppingOrOrphanedProcessesAndWhy() throws Exception {
        leakingPlatform();

        commands.leaks(false, false, false, false);

        assertEquals(List.of(
                "PID  TYPE        COUNT  BYTES  WHY",
                "  2  forgetful       2      0  process is TERMINATED",
                "  3  os-process      1      0  os child " + osPid(Pid.of(3)) + " exited",
                "  5  os-process      1      0  os child " + osPid(Pid.of(5)) + " is a zombie",
                " 99  memory          1  65536  unknown pid"), console.outLines());
        assertEquals("listing cleans nothing up: one cleanup, of the ended pid", 1,
                orchestrator.statistics().cleanups());
    }

    @Test
    public void aHealthyPlatformHasNoLeaks() throws Exception {
        Pid healthy = spawn(ProcessSpec.named("healthy").withCommand("sleep", "600"));
        timers.schedule(healthy, Duration.ofMinutes(5), () -> { });

        commands.leaks(false, false, false, false);
        commands.leaks(true, false, false, false);
        commands.leaks(false, true, false, false);

        assertEquals(List.of("no leaks", "no leaks"), console.outLines());
        assertEquals(ProcessState.RUNNING, processes.state(healthy));
    }

    @Test
    public void reapCleansUpEndedPidsAndTerminatesRunningOnesWhoseChildIsGone() throws Exception {
        leakingPlatform();

        commands.leaks(true, false, false, false);

        List<String> lines = console.outLines();
        assertEquals(List.of(
                "",
                "reaped:",
                "PID  ACTION     FREED  BYTES  RESULT",
                "  2  cleanup        2      0  ok",
                "  3  terminate      1      0  ok",
                "  5  terminate      1      0  ok",
                " 99  cleanup        1  65536  ok"), lines.subList(5, lines.size()));
        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(3)));
        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(5)));
        assertEquals(ProcessState.RUNNING, processes.state(Pid.of(1)));
        // the healthy pid keeps its child and timer, the TERMINATING one is left to its own cleanup
        assertEquals(List.of(Pid.of(1), Pid.of(4)), List.copyOf(orchestrator.holdings().keySet()));

        console.outLines();
        commands.leaks(false, false, false, false);
        assertEquals("no leaks", console.outLines().get(lines.size()));
    }

    @Test
    public void plainLeaksAreRowsOnlyAndReapedRowsSayReaped() throws Exception {
        Pid ended = spawn(ProcessSpec.named("ended"));
        forgetful.sample(ended);
        processes.terminate(ended, Duration.ZERO);

        commands.leaks(true, true, false, false);

        assertEquals(List.of("1\tforgetful\t1\t0\tprocess is TERMINATED", "reaped\t1\tcleanup\t1\t0\tok"),
                console.outLines());
    }

    @Test
    public void quarantinedMemoryIsListedPerTypeWithoutAPidAndIsNotReaped() throws Exception {
        Pid ended = spawn(ProcessSpec.named("ended"));
        forgetful.sample(ended);
        Pid pinned = spawn(ProcessSpec.named("pinned"));
        Lease<Allocation> block = memory.allocate(pinned, 1_048_576);
        try (Pin pin = block.resource(pinned).pin()) {
            processes.terminate(ended, Duration.ZERO);
            // still pinned by running code when its pid ends: quarantined once the pin wait is over
            processes.terminate(pinned, Duration.ZERO);

            commands.leaks(true, false, false, false);

            assertEquals(List.of(
                    "PID  TYPE       COUNT    BYTES  WHY",
                    "  1  forgetful      1        0  process is TERMINATED",
                    "  -  memory         1  1048576  " + LeakCommands.QUARANTINED,
                    "",
                    "reaped:",
                    "PID  ACTION   FREED  BYTES  RESULT",
                    "  1  cleanup      1      0  ok"), console.outLines());
        }
        assertEquals("freed when the pin closed", 0, orchestrator.totals().get("memory").bytesQuarantined());
    }

    private Pid spawn(ProcessSpec spec) throws Exception {
        return processes.spawn(spec).pid();
    }

    private long held(Pid pid) {
        return orchestrator.usage(pid).getOrDefault("os-process", ResourceUsage.NONE).count();
    }

    private long osPid(Pid pid) {
        return processes.info(pid).orElseThrow().osPid();
    }
}
