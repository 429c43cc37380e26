package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;

public class ProcessCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator();
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    private ProcessCommands commands;

    @Before
    public void setUp() {
        Clock clock = Clock.fixed(processes.now.plusSeconds(130), ZoneOffset.UTC);
        commands = new ProcessCommands(processes, orchestrator, clock);
    }

    @Test
    public void helpAsTheArgumentPrintsTheUsageAsKarafsHelpAsksForIt() {
        commands.kill(ProcessCommands.DEFAULT_GRACE_SECONDS, "--help");
        commands.spawn(ProcessCommands.NO_COMMAND, "--help");

        List<String> lines = console.outLines();
        assertEquals("usage: reclaim:kill [-g VALUE] PID", lines.get(0));
        assertTrue(lines.toString(), lines.contains("usage: reclaim:spawn [-c VALUE] NAME"));
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.startsWith("  -g, --grace VALUE  seconds")));
        assertEquals("", console.err());
        assertTrue("nothing was spawned", processes.list().isEmpty());
    }

    @Test
    public void spawnWithoutACommandStartsALogicalProcessAndReturnsItsPid() {
        Long pid = commands.spawn(ProcessCommands.NO_COMMAND, "demo");

        assertEquals(Long.valueOf(1), pid);
        assertEquals(List.of("pid 1 (demo) spawned, logical"), console.outLines());
        assertTrue(processes.spawned.get(0).command().isEmpty());
        assertEquals("", console.err());
    }

    @Test
    public void spawnWithACommandSplitsItHonouringQuotes() {
        Long pid = commands.spawn("sh -c 'sleep 600'", "demo");

        assertEquals(Long.valueOf(1), pid);
        assertEquals(List.of("sh", "-c", "sleep 600"), processes.spawned.get(0).command());
        assertEquals(List.of("pid 1 (demo) spawned, os pid 40001"), console.outLines());
    }

    @Test
    public void spawnThatCannotStartTheCommandPrintsOneLineAndReturnsNothing() {
        processes.spawnFailure = new IOException("cannot start 'demo': no executable program 'nope'");

        assertNull(commands.spawn("nope", "demo"));

        assertEquals(List.of("reclaim:spawn: cannot start 'demo': no executable program 'nope'"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void spawnWithABadNameOrCommandPrintsOneLine() {
        assertNull(commands.spawn(ProcessCommands.NO_COMMAND, " "));
        assertNull(commands.spawn("echo 'unclosed", "demo"));
        assertNull(commands.spawn("", "demo"));

        assertEquals(List.of("reclaim:spawn: a process needs a name",
                "reclaim:spawn: the command has an unclosed ' quote: echo 'unclosed",
                "reclaim:spawn: the command is empty"), console.errLines());
        assertTrue(processes.spawned.isEmpty());
    }

    @Test
    public void psWithoutProcessesSaysSo() {
        commands.ps(false);

        assertEquals(List.of("no processes"), console.outLines());
    }

    @Test
    public void psShowsEveryLiveProcessWithItsResourcesAndAge() throws IOException {
        commands.spawn(ProcessCommands.NO_COMMAND, "worker");
        commands.spawn("sleep 600", "sleeper");
        orchestrator.hold(Pid.of(2), "sockets", 2, 0).hold(Pid.of(2), "files", 3, 4096);
        console.outLines();

        commands.ps(false);

        List<String> lines = console.outLines();
        assertEquals(List.of(
                "PID  NAME     STATE    OS-PID  RESOURCES  AGE",
                "  1  worker   RUNNING       -          0  2m10s",
                "  2  sleeper  RUNNING   40002          5  2m10s"), lines.subList(2, lines.size()));
    }

    @Test
    public void psShowsTheCpuTimeOfEachProcessWhenTheSchedulerAccountsIt() throws IOException {
        SchedulerImplAccess.Accounting cpu = SchedulerImplAccess.accounting(processes);
        commands.cpu = cpu.accounting();
        commands.spawn(ProcessCommands.NO_COMMAND, "worker");
        commands.spawn(ProcessCommands.NO_COMMAND, "idle");
        cpu.charge(Pid.of(1), 12_000_000);
        console.outLines();

        commands.ps(false);

        List<String> lines = console.outLines();
        assertEquals(List.of(
                "PID  NAME    STATE    OS-PID  RESOURCES   CPU  AGE",
                "  1  worker  RUNNING       -          0  12ms  2m10s",
                "  2  idle    RUNNING       -          0   0us  2m10s"), lines.subList(2, lines.size()));
    }

    @Test
    public void psLeavesTerminatedProcessesOut() {
        commands.spawn(ProcessCommands.NO_COMMAND, "short");
        processes.terminate(Pid.of(1), Duration.ZERO);

        commands.ps(false);

        assertEquals("no processes", console.outLines().get(1));
    }

    @Test
    public void killPrintsOneLinePerHandlerInTheOrderTheyRanThenTheTotalAndTheErrors() {
        commands.spawn("sleep 600", "demo");
        orchestrator.outcomes.add(new HandlerOutcome("os-process", 1000, 11, CleanupStats.freed(1, 0),
                Duration.ofMillis(120), null));
        orchestrator.outcomes.add(new HandlerOutcome("sockets", 500, 14,
                new CleanupStats(2, 0, 1, List.of("sockets: closing tcp 127.0.0.1:80 failed: boom")),
                Duration.ofNanos(850_000), null));
        orchestrator.outcomes.add(new HandlerOutcome("files", 300, 12, CleanupStats.NONE,
                Duration.ofSeconds(2), "timed out after 2s"));
        orchestrator.outcomes.add(new HandlerOutcome("mmap", 200, 13, CleanupStats.freed(1, 1_048_576),
                Duration.ofNanos(1_400_000), null));
        orchestrator.cleanupDuration = Duration.ofMillis(2125);

        commands.kill("0.5", "1");

        assertEquals(List.of(Duration.ofMillis(500)), processes.graces);
        List<String> lines = console.outLines();
        assertEquals(List.of(
                "pid 1 (demo) terminated, exit code 143",
                "#  TYPE        RANKING  FREED    BYTES  TIME   RESULT",
                "1  os-process     1000      1        0  120ms  ok",
                "2  sockets         500      2        0  850us  1 error",
                "3  files           300      0        0  2.00s  failed: timed out after 2s",
                "4  mmap            200      1  1048576  1.4ms  ok",
                "   total                    4  1048576  2.13s  2 errors",
                "error: sockets: closing tcp 127.0.0.1:80 failed: boom",
                "error: files: timed out after 2s"), lines.subList(1, lines.size()));
        assertEquals("", console.err());
    }

    @Test
    public void psPlainPrintsTabSeparatedRowsWithoutHeaderAndNothingWhenEmpty() {
        commands.ps(true);
        assertEquals("", console.out());

        commands.spawn(ProcessCommands.NO_COMMAND, "worker");
        commands.spawn("sleep 600", "sleeper");
        orchestrator.hold(Pid.of(2), "files", 3, 4096);
        console.outLines();

        commands.ps(true);

        List<String> lines = console.outLines();
        assertEquals(List.of("1\tworker\tRUNNING\t-\t0\t2m10s", "2\tsleeper\tRUNNING\t40002\t3\t2m10s"),
                lines.subList(2, lines.size()));
    }

    @Test
    public void killOfAProcessThatAlreadyEndedSaysSoAndRunsNoSecondCleanup() {
        commands.spawn(ProcessCommands.NO_COMMAND, "demo");
        commands.kill("0", "1");
        console.outLines();
        int cleanups = orchestrator.cleanedUp.size();

        commands.kill("0", "1");

        assertEquals(List.of("reclaim:kill: pid 1 has already ended (terminated); reclaim:history shows it"),
                console.errLines());
        assertEquals(cleanups, orchestrator.cleanedUp.size());
    }

    @Test
    public void killOfAnOsChildThatExitedByItselfReportsTheExitCodeOnce() {
        commands.spawn("sh -c 'exit 3'", "short");
        processes.end(Pid.of(1), io.reclaim.api.Ending.EXITED, 3, processes.now);

        commands.kill("0", "1");

        assertEquals(List.of("reclaim:kill: pid 1 has already ended (exited with code 3); reclaim:history shows it"),
                console.errLines());
    }

    @Test
    public void killWithoutAPidSaysOneIsRequired() {
        commands.kill("5");

        assertEquals(List.of("reclaim:kill: a pid is required"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void killWaitsFiveSecondsByDefault() {
        Long pid = commands.spawn(ProcessCommands.NO_COMMAND, "demo");

        commands.kill(ProcessCommands.DEFAULT_GRACE_SECONDS, pid.toString());

        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(1)));
        assertEquals(List.of(Duration.ofSeconds(5)), processes.graces);
        assertEquals("", console.err());
    }

    @Test
    public void killOfAnUnknownPidPrintsOneLine() {
        commands.kill("5", "99");

        assertEquals(List.of("reclaim:kill: no process with pid 99"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void killWithABadPidOrGracePrintsOneLineAndTerminatesNothing() {
        commands.spawn(ProcessCommands.NO_COMMAND, "demo");

        commands.kill("5", "abc");
        commands.kill("5", "-2");
        commands.kill("soon", "1");
        commands.kill("-1", "1");
        commands.kill("5", null);

        assertEquals(List.of(
                "reclaim:kill: a pid is a positive number, got 'abc'",
                "reclaim:kill: a pid is a positive number, got -2",
                "reclaim:kill: grace is a number of seconds, got 'soon'",
                "reclaim:kill: grace cannot be negative, got -1",
                "reclaim:kill: a pid is required"), console.errLines());
        assertEquals(ProcessState.RUNNING, processes.state(Pid.of(1)));
    }
}
