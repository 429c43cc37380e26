package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;

public class LeakCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator();
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    /** OS pid to how it went; absent means alive. */
    private final Map<Long, String> gone = new HashMap<>();
    private final LeakCommands commands = new LeakCommands(processes, orchestrator,
            osPid -> Optional.ofNullable(gone.get(osPid)));

    /**
     * pid 1 running and healthy, pid 2 ended, pid 3 running whose OS child exited, pid 4
     * TERMINATING (its cleanup is under way: no leak), pid 5 running with a zombie child, pid 99
     * never spawned: all hold something.
     */
    private void leakingPlatform() throws Exception {
        processes.spawn(ProcessSpec.named("healthy").withCommand("sleep", "600"));
        processes.spawn(ProcessSpec.named("ended"));
        processes.spawn(ProcessSpec.named("orphaned").withCommand("sleep", "600"));
        processes.spawn(ProcessSpec.named("stopping"));
        processes.spawn(ProcessSpec.named("undead").withCommand("sleep", "600"));
        processes.terminate(Pid.of(2), Duration.ZERO);
        processes.beginTermination(Pid.of(4));
        gone.put(40_003L, "exited");
        gone.put(40_005L, "zombie");
        orchestrator.hold(Pid.of(1), "files", 1, 0);
        orchestrator.hold(Pid.of(2), "sockets", 2, 0).hold(Pid.of(2), "mmap", 1, 4096);
        orchestrator.hold(Pid.of(3), "os-process", 1, 0);
        orchestrator.hold(Pid.of(4), "files", 3, 0);
        orchestrator.hold(Pid.of(5), "os-process", 1, 0);
        orchestrator.hold(Pid.of(99), "memory", 1, 65_536);
    }

    @Test
    public void leaksListsWhatIsHeldForEndedUnknownStoppingOrOrphanedProcessesAndWhy() throws Exception {
        leakingPlatform();

        commands.leaks(false, false);

        assertEquals(List.of(
                "PID  TYPE        COUNT  BYTES  WHY",
                "  2  sockets         2      0  process is TERMINATED",
                "  2  mmap            1   4096  process is TERMINATED",
                "  3  os-process      1      0  os child 40003 exited",
                "  5  os-process      1      0  os child 40005 is a zombie",
                " 99  memory          1  65536  unknown pid"), console.outLines());
        assertTrue(orchestrator.cleanedUp.contains(Pid.of(2)));
        assertEquals(1, orchestrator.cleanedUp.size());
    }

    @Test
    public void aHealthyPlatformHasNoLeaks() throws Exception {
        processes.spawn(ProcessSpec.named("healthy").withCommand("sleep", "600"));
        orchestrator.hold(Pid.of(1), "files", 1, 0);

        commands.leaks(false, false);
        commands.leaks(true, false);
        commands.leaks(false, true);

        assertEquals(List.of("no leaks", "no leaks"), console.outLines());
        assertEquals(ProcessState.RUNNING, processes.state(Pid.of(1)));
    }

    @Test
    public void reapCleansUpEndedPidsAndTerminatesRunningOnesWhoseChildIsGone() throws Exception {
        leakingPlatform();

        commands.leaks(true, false);

        List<String> lines = console.outLines();
        assertEquals(List.of(
                "",
                "reaped:",
                "PID  ACTION     FREED  BYTES  RESULT",
                "  2  cleanup        3   4096  ok",
                "  3  terminate      1      0  ok",
                "  5  terminate      1      0  ok",
                " 99  cleanup        1  65536  ok"), lines.subList(6, lines.size()));
        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(3)));
        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(5)));
        assertEquals(List.of(Duration.ZERO, Duration.ZERO, Duration.ZERO), processes.graces);
        assertEquals(ProcessState.RUNNING, processes.state(Pid.of(1)));
        // the healthy pid keeps its file, the TERMINATING one is left to its own cleanup
        assertEquals(List.of(Pid.of(1), Pid.of(4)), List.copyOf(orchestrator.holdings().keySet()));

        console.outLines();
        commands.leaks(false, false);
        assertEquals("no leaks", console.outLines().get(lines.size()));
    }

    @Test
    public void plainLeaksAreRowsOnlyAndReapedRowsSayReaped() throws Exception {
        processes.spawn(ProcessSpec.named("ended"));
        processes.terminate(Pid.of(1), Duration.ZERO);
        orchestrator.hold(Pid.of(1), "mmap", 1, 4096);

        commands.leaks(true, true);

        assertEquals(List.of("1\tmmap\t1\t4096\tprocess is TERMINATED", "reaped\t1\tcleanup\t1\t4096\tok"),
                console.outLines());
    }

    @Test
    public void quarantinedMemoryIsListedPerTypeWithoutAPidAndIsNotReaped() throws Exception {
        processes.spawn(ProcessSpec.named("ended"));
        processes.terminate(Pid.of(1), Duration.ZERO);
        orchestrator.hold(Pid.of(1), "mmap", 1, 4096);
        orchestrator.totals.put("files", new io.reclaim.api.ResourceTotals(5, 5, 0, 0));
        orchestrator.totals.put("memory", new io.reclaim.api.ResourceTotals(3, 2, 8192, 0, 1, 1_048_576));

        commands.leaks(true, false);

        assertEquals(List.of(
                "PID  TYPE    COUNT    BYTES  WHY",
                "  1  mmap        1     4096  process is TERMINATED",
                "  -  memory      1  1048576  " + LeakCommands.QUARANTINED,
                "",
                "reaped:",
                "PID  ACTION   FREED  BYTES  RESULT",
                "  1  cleanup      1   4096  ok"), console.outLines());
    }
}
