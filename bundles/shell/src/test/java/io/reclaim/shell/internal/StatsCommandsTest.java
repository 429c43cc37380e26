package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.ProcessStatistics;
import io.reclaim.api.ResourceTotals;

public class StatsCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator();
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    private final StatsCommands commands = new StatsCommands(processes, orchestrator);

    private void someActivity() {
        processes.statistics = new ProcessStatistics(12, 3, 5, 2, 1, 1);
        Map<String, HandlerStatistics> perType = new LinkedHashMap<>();
        perType.put("os-process", new HandlerStatistics(9, 4, 0, 0, 0));
        perType.put("files", new HandlerStatistics(9, 20, 0, 1, 1));
        orchestrator.statistics = new OrchestratorStatistics(9, perType);
        orchestrator.totals.put("os-process", ResourceTotals.UNKNOWN);
        orchestrator.totals.put("files", new ResourceTotals(25, 22, 0, 1));
        orchestrator.totals.put("tempdir", new ResourceTotals(2, 2, 8192, 0));
        // one allocation released while a task still pinned it
        orchestrator.totals.put("memory", new ResourceTotals(3, 2, 8192, 0, 1, 1_048_576));
    }

    @Test
    public void statsShowsProcessCountsThenEveryTypeInCleanupOrderWithTheBytesQuarantinedNow() {
        someActivity();

        commands.stats(false);

        assertEquals(List.of(
                "SPAWNED  RUNNING  TERMINATED  FORCED  EXITED  SHUTDOWN  CLEANUPS",
                "     12        3           5       2       1         1         9",
                "",
                "TYPE        ACQUIRED  RELEASED  BYTES-RELEASED  RUNS  FREED  BYTES-FREED  ERRORS  TIMEOUTS  QUARANTINED",
                "os-process         -         -               -     9      4            0       0         0            -",
                "files             25        22               0     9     20            0       1         1            0",
                "tempdir            2         2            8192     -      -            -       -         -            0",
                "memory             3         2            8192     -      -            -       -         -      1048576"),
                console.outLines());
    }

    @Test
    public void statsPlainTellsTheTwoKindsOfRowApart() {
        someActivity();

        commands.stats(true);

        assertEquals(List.of(
                "processes\t12\t3\t5\t2\t1\t1\t9",
                "type\tos-process\t-\t-\t-\t9\t4\t0\t0\t0\t-",
                "type\tfiles\t25\t22\t0\t9\t20\t0\t1\t1\t0",
                "type\ttempdir\t2\t2\t8192\t-\t-\t-\t-\t-\t0",
                "type\tmemory\t3\t2\t8192\t-\t-\t-\t-\t-\t1048576"), console.outLines());
    }

    @Test
    public void statsOfAFreshPlatformSaysThereAreNoTypes() {
        commands.stats(false);

        assertEquals(List.of(
                "SPAWNED  RUNNING  TERMINATED  FORCED  EXITED  SHUTDOWN  CLEANUPS",
                "      0        0           0       0       0         0         0",
                "",
                "no resource types"), console.outLines());
    }
}
