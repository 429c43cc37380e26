package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.timers.CloseableTimerManager;

/** The history of the real process manager: OS children ended by each path, their real cleanups. */
public class HistoryCommandsTest {

    /** An ENDED column: the clock below is ten seconds after the last ending. */
    private static final String AGO = "1?\\ds ago";

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    @Rule
    public final RealPlatform platform = new RealPlatform();
    private final EmbeddedOrchestrator orchestrator = platform.orchestrator;
    private final CloseableProcessManager processes = platform.processes;
    private final CloseableTimerManager timers = platform.timers;
    private final CloseableMemoryManager memory = platform.memory;

    /** Ten seconds after the last process ended. */
    private HistoryCommands commands() {
        Instant last = processes.history().stream().map(info -> info.ended()).max(Instant::compareTo)
                .orElse(Instant.now());
        return new HistoryCommands(processes, Clock.fixed(last.plusSeconds(10), ZoneOffset.UTC));
    }

    /** Four processes, ended by each path, oldest first. */
    private void everyEnding() throws Exception {
        Pid graceful = processes.spawn(ProcessSpec.named("graceful").withCommand("sleep", "600")).pid();
        Pid stubborn = processes.spawn(ProcessSpec.named("stubborn")
                .withCommand("sh", "-c", "trap '' TERM; sleep 600")).pid();
        timers.schedule(graceful, Duration.ofMinutes(5), () -> { });
        timers.schedule(graceful, Duration.ofMinutes(5), () -> { });
        RealPlatform.await(() -> held(graceful, "os-process") == 1 && held(stubborn, "os-process") == 2);
        processes.terminate(graceful, Duration.ofSeconds(10)); // sleep dies of the SIGTERM
        processes.terminate(stubborn, Duration.ofMillis(200)); // ignores it: SIGKILL after the grace
        Pid exiting = processes.spawn(ProcessSpec.named("short").withCommand("sleep", "0.5")).pid();
        memory.allocate(exiting, 4096);
        RealPlatform.await(() -> processes.state(exiting) == ProcessState.TERMINATED);
        processes.spawn(ProcessSpec.named("job"));
        processes.close(); // the platform stops: the job ends with it
    }

    private long held(Pid pid, String type) {
        return orchestrator.usage(pid).getOrDefault(type, ResourceUsage.NONE).count();
    }

    @Test
    public void historyListsEndedProcessesMostRecentFirstWithHowTheyEnded() throws Exception {
        everyEnding();

        commands().history(false, false);

        RealPlatform.assertLines(List.of(
                "PID  NAME      ENDED +HOW                 FREED  BYTES  ERRORS",
                "  4  job       " + AGO + " +shutdown                0      0       0",
                "  3  short     " + AGO + " +exited with code 0      2   4096       0",
                "  2  stubborn  " + AGO + " +forced                  2      0       0",
                "  1  graceful  " + AGO + " +terminated              3      0       0"), console.outLines());
    }

    @Test
    public void verboseHistoryAddsEachCleanupHandlerByHandler() throws Exception {
        // a type whose release really closes the file, then reports a failure
        Path file = Files.createTempFile("history", ".bin");
        SampleTypes.FailingFiles failing = new SampleTypes.FailingFiles(processes);
        orchestrator.register(failing.cleanupHandler(), ResourceCleanup.RANKING_FILES);
        try {
            Pid job = processes.spawn(ProcessSpec.named("job")).pid();
            failing.open(job, file);
            failing.open(job, file);
            processes.terminate(job, Duration.ZERO);

            commands().history(true, false);

            List<String> lines = console.outLines();
            RealPlatform.assertLines(List.of(
                    "PID  NAME  ENDED    HOW         FREED  BYTES  ERRORS",
                    "  1  job   10s ago  terminated      0      0       2",
                    "",
                    "pid 1 \\(job\\) terminated, 10s ago",
                    "#  TYPE        RANKING  FREED  BYTES  TIME +RESULT",
                    "1  os-process     1000      0      0  \\S+ +ok",
                    "2  timers          850      0      0  \\S+ +ok",
                    "3  failing         300      0      0  \\S+ +2 errors",
                    "4  memory          100      0      0  \\S+ +ok",
                    "   total                    0      0  \\S+ +2 errors",
                    "error: failing: releasing .* of pid 1 failed: java.io.IOException: closing failed: boom",
                    "error: failing: releasing .* of pid 1 failed: java.io.IOException: closing failed: boom"), lines);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void plainHistoryIsRowsOnlyAndVerbosePlainIsOneRowPerProcessAndHandler() throws Exception {
        everyEnding();
        HistoryCommands commands = commands();

        commands.history(false, true);
        List<String> rows = console.outLines();
        commands.history(true, true);
        List<String> handlerRows = console.outLines().subList(rows.size(), console.outLines().size());

        RealPlatform.assertLines(List.of(
                "4\tjob\t" + AGO + "\tshutdown\t0\t0\t0",
                "3\tshort\t" + AGO + "\texited with code 0\t2\t4096\t0",
                "2\tstubborn\t" + AGO + "\tforced\t2\t0\t0",
                "1\tgraceful\t" + AGO + "\tterminated\t3\t0\t0"), rows);
        RealPlatform.assertLines(List.of(
                "4\tjob\tshutdown\t1\tos-process\t1000\t0\t0\t\\S+\tok",
                "4\tjob\tshutdown\t2\ttimers\t850\t0\t0\t\\S+\tok",
                "4\tjob\tshutdown\t3\tmemory\t100\t0\t0\t\\S+\tok",
                "3\tshort\texited with code 0\t1\tos-process\t1000\t1\t0\t\\S+\tok",
                "3\tshort\texited with code 0\t2\ttimers\t850\t0\t0\t\\S+\tok",
                "3\tshort\texited with code 0\t3\tmemory\t100\t1\t4096\t\\S+\tok",
                "2\tstubborn\tforced\t1\tos-process\t1000\t2\t0\t\\S+\tok",
                "2\tstubborn\tforced\t2\ttimers\t850\t0\t0\t\\S+\tok",
                "2\tstubborn\tforced\t3\tmemory\t100\t0\t0\t\\S+\tok",
                "1\tgraceful\tterminated\t1\tos-process\t1000\t1\t0\t\\S+\tok",
                "1\tgraceful\tterminated\t2\ttimers\t850\t2\t0\t\\S+\tok",
                "1\tgraceful\tterminated\t3\tmemory\t100\t0\t0\t\\S+\tok"), handlerRows);
    }

    @Test
    public void anEmptyHistorySaysSo() {
        HistoryCommands commands = commands();
        commands.history(false, false);
        commands.history(true, true);

        assertEquals(List.of("no terminated processes"), console.outLines());
    }
}
