package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Ending;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;

public class HistoryCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator();
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    private final HistoryCommands commands = new HistoryCommands(processes,
            Clock.fixed(processes.now.plusSeconds(300), ZoneOffset.UTC));

    /** Four processes, ended by each path, oldest first. */
    private void everyEnding() throws Exception {
        processes.spawn(ProcessSpec.named("graceful").withCommand("sleep", "600"));
        processes.spawn(ProcessSpec.named("stubborn").withCommand("sleep", "600"));
        processes.spawn(ProcessSpec.named("short").withCommand("true"));
        processes.spawn(ProcessSpec.named("job"));
        orchestrator.hold(Pid.of(1), "os-process", 1, 0).hold(Pid.of(1), "files", 2, 0);
        orchestrator.hold(Pid.of(3), "mmap", 1, 4096);
        processes.end(Pid.of(1), Ending.TERMINATED, 143, processes.now.plusSeconds(10));
        processes.end(Pid.of(2), Ending.FORCED, 137, processes.now.plusSeconds(100));
        processes.end(Pid.of(3), Ending.EXITED, 0, processes.now.plusSeconds(200));
        processes.end(Pid.of(4), Ending.SHUTDOWN, null, processes.now.plusSeconds(290));
    }

    @Test
    public void historyListsEndedProcessesMostRecentFirstWithHowTheyEnded() throws Exception {
        everyEnding();

        commands.history(false, false);

        assertEquals(List.of(
                "PID  NAME      ENDED      HOW                 FREED  BYTES  ERRORS",
                "  4  job       10s ago    shutdown                0      0       0",
                "  3  short     1m40s ago  exited with code 0      1   4096       0",
                "  2  stubborn  3m20s ago  forced                  0      0       0",
                "  1  graceful  4m50s ago  terminated              3      0       0"), console.outLines());
    }

    @Test
    public void verboseHistoryAddsEachCleanupHandlerByHandler() throws Exception {
        processes.spawn(ProcessSpec.named("job"));
        orchestrator.outcomes.add(new HandlerOutcome("sockets", 500, 14,
                new CleanupStats(2, 0, 1, List.of("sockets: closing tcp failed: boom")), Duration.ofNanos(850_000), null));
        processes.end(Pid.of(1), Ending.TERMINATED, null, processes.now.plusSeconds(290));

        commands.history(true, false);

        assertEquals(List.of(
                "PID  NAME  ENDED    HOW         FREED  BYTES  ERRORS",
                "  1  job   10s ago  terminated      2      0       1",
                "",
                "pid 1 (job) terminated, 10s ago",
                "#  TYPE     RANKING  FREED  BYTES  TIME   RESULT",
                "1  sockets      500      2      0  850us  1 error",
                "   total                 2      0  3.0ms  1 error",
                "error: sockets: closing tcp failed: boom"), console.outLines());
    }

    @Test
    public void plainHistoryIsRowsOnlyAndVerbosePlainIsOneRowPerProcessAndHandler() throws Exception {
        everyEnding();

        commands.history(false, true);
        List<String> rows = console.outLines();
        commands.history(true, true);
        List<String> handlerRows = console.outLines().subList(rows.size(), console.outLines().size());

        assertEquals(List.of(
                "4\tjob\t10s ago\tshutdown\t0\t0\t0",
                "3\tshort\t1m40s ago\texited with code 0\t1\t4096\t0",
                "2\tstubborn\t3m20s ago\tforced\t0\t0\t0",
                "1\tgraceful\t4m50s ago\tterminated\t3\t0\t0"), rows);
        assertEquals(List.of(
                "3\tshort\texited with code 0\t1\tmmap\t0\t1\t4096\t0us\tok",
                "1\tgraceful\tterminated\t1\tos-process\t0\t1\t0\t0us\tok",
                "1\tgraceful\tterminated\t2\tfiles\t0\t2\t0\t0us\tok"), handlerRows);
    }

    @Test
    public void anEmptyHistorySaysSo() {
        commands.history(false, false);
        commands.history(true, true);

        assertEquals(List.of("no terminated processes"), console.outLines());
    }
}
