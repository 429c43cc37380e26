package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** The statistics of the real orchestrator and process manager after real cleanups. */
public class StatsCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final CountDownLatch unstick = new CountDownLatch(1);
    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder()
            .handlerTimeout(Duration.ofMillis(100)).build();
    private final CloseableProcessManager processes = ProcessManagers.builder()
            .withResourceOrchestrator(orchestrator).build();
    private final StatsCommands commands = new StatsCommands(processes, orchestrator);
    private Path file;

    @After
    public void stop() throws Exception {
        unstick.countDown();
        processes.close();
        orchestrator.close();
        if (file != null) {
            Files.delete(file);
        }
    }

    /** Three processes each hold one file; the ipc handler hangs in the first cleanup and stays stuck. */
    private void someActivity() throws Exception {
        file = Files.createTempFile("stats", ".bin");
        SampleTypes.Files files = new SampleTypes.Files("files", processes, file);
        orchestrator.register(files.cleanupHandler(), ResourceCleanup.RANKING_FILES);
        orchestrator.register(new SampleTypes.Hanging("ipc", unstick), ResourceCleanup.RANKING_IPC);
        for (int i = 0; i < 3; i++) {
            Pid pid = processes.spawn(ProcessSpec.named("job-" + i)).pid();
            files.sample(pid);
            processes.terminate(pid, Duration.ZERO);
        }
    }

    @Test
    public void statsShowsProcessCountsThenEveryTypeInCleanupOrderWithTheCallsStuckInIt() throws Exception {
        someActivity();

        commands.stats(false);

        assertEquals(List.of(
                "SPAWNED  RUNNING  TERMINATED  FORCED  EXITED  SHUTDOWN  CLEANUPS",
                "      3        0           3       0       0         0         3",
                "",
                "TYPE        ACQUIRED  RELEASED  BYTES-RELEASED  RUNS  FREED  BYTES-FREED  ERRORS  TIMEOUTS  STUCK  QUARANTINED",
                "os-process         0         0               0     3      0            0       0         0      0            0",
                "ipc                -         -               -     3      0            0       3         3      1            -",
                "files              3         3               0     3      3            0       0         0      0            0"),
                console.outLines());
    }

    @Test
    public void statsPlainTellsTheTwoKindsOfRowApart() throws Exception {
        someActivity();

        commands.stats(true);

        assertEquals(List.of(
                "processes\t3\t0\t3\t0\t0\t0\t3",
                "type\tos-process\t0\t0\t0\t3\t0\t0\t0\t0\t0\t0",
                "type\tipc\t-\t-\t-\t3\t0\t0\t3\t3\t1\t-",
                "type\tfiles\t3\t3\t0\t3\t3\t0\t0\t0\t0\t0"), console.outLines());
    }

    @Test
    public void statsOfAFreshPlatformShowsOnlyTheOsProcessType() {
        commands.stats(false);

        assertEquals(List.of(
                "SPAWNED  RUNNING  TERMINATED  FORCED  EXITED  SHUTDOWN  CLEANUPS",
                "      0        0           0       0       0         0         0",
                "",
                "TYPE        ACQUIRED  RELEASED  BYTES-RELEASED  RUNS  FREED  BYTES-FREED  ERRORS  TIMEOUTS  STUCK  QUARANTINED",
                "os-process         0         0               0     0      0            0       0         0      0            0"),
                console.outLines());
    }
}
