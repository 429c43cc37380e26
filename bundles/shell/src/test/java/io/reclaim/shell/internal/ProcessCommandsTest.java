package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.timers.CloseableTimerManager;

/** Against the real orchestrator and process manager, with real OS children, timers and memory. */
public class ProcessCommandsTest {

    /** An AGE column: the commands' clock runs 130 s ahead, give or take the test's own run time. */
    private static final String AGE = "2m1\\ds";

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    /** The grace of every termination, as the process manager's listeners are told it. */
    private final List<Duration> graces = new CopyOnWriteArrayList<>();

    @Rule
    public final RealPlatform platform = new RealPlatform(
            ResourceOrchestrators.builder().handlerTimeout(Duration.ofMillis(500)),
            ProcessManagers.builder().withTerminationListener((pid, grace) -> graces.add(grace)));
    private final EmbeddedOrchestrator orchestrator = platform.orchestrator;
    private final CloseableProcessManager processes = platform.processes;
    private final CloseableTimerManager timers = platform.timers;
    private final CloseableMemoryManager memory = platform.memory;
    private final ProcessCommands commands = new ProcessCommands(processes, orchestrator,
            Clock.offset(Clock.systemUTC(), Duration.ofSeconds(130)));

    @Test
    public void helpAsTheArgumentPrintsTheUsageAsKarafsHelpAsksForIt() {
        commands.kill(ProcessCommands.DEFAULT_GRACE_SECONDS, false, "--help");
        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "--help");

        List<String> lines = console.outLines();
        assertEquals("usage: reclaim:kill [-g VALUE] [-t] PID", lines.get(0));
        assertTrue(lines.toString(), lines.contains("usage: reclaim:spawn [-c VALUE] [--parent VALUE] [--detached] "
                + "[--heir VALUE] NAME"));
        assertTrue(lines.toString(), lines.stream().anyMatch(line -> line.startsWith("  -g, --grace VALUE  seconds")));
        assertEquals("", console.err());
        assertTrue("nothing was spawned", processes.list().isEmpty());
    }

    @Test
    public void spawnWithoutACommandStartsALogicalProcessAndReturnsItsPid() {
        Long pid = commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");

        assertEquals(Long.valueOf(1), pid);
        assertEquals(List.of("pid 1 (demo) spawned, logical"), console.outLines());
        assertTrue(processes.info(Pid.of(1)).orElseThrow().spec().command().isEmpty());
        assertEquals("", console.err());
    }

    @Test
    public void spawnWithACommandSplitsItHonouringQuotes() {
        Long pid = commands.spawn("sh -c 'sleep 600'", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");

        assertEquals(Long.valueOf(1), pid);
        assertEquals(List.of("sh", "-c", "sleep 600"), processes.info(Pid.of(1)).orElseThrow().spec().command());
        long osPid = processes.info(Pid.of(1)).orElseThrow().osPid();
        assertEquals(List.of("pid 1 (demo) spawned, os pid " + osPid), console.outLines());
    }

    @Test
    public void spawnThatCannotStartTheCommandPrintsOneLineAndReturnsNothing() {
        console.failing(() -> commands.spawn("/nonexistent/nope", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo"));

        List<String> errors = console.errLines();
        assertEquals(1, errors.size());
        // found missing before a pid is spent on it
        assertEquals("reclaim:spawn: no executable '/nonexistent/nope': no such file", errors.get(0));
        assertEquals("", console.out());
    }

    @Test
    public void spawnWithABadNameOrCommandPrintsOneLine() {
        console.failing(() -> commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, " "));
        console.failing(() -> commands.spawn("echo 'unclosed", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo"));
        console.failing(() -> commands.spawn("", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo"));

        assertEquals(List.of("reclaim:spawn: a process needs a name",
                "reclaim:spawn: the command has an unclosed ' quote: echo 'unclosed",
                "reclaim:spawn: the command is empty"), console.errLines());
        assertTrue(processes.list().isEmpty());
    }

    @Test
    public void psWithoutProcessesSaysSo() {
        commands.ps(false, false);

        assertEquals(List.of("no processes"), console.outLines());
    }

    @Test
    public void psShowsEveryLiveProcessWithItsResourcesAndAge() throws Exception {
        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "worker");
        commands.spawn("sleep 600", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "sleeper");
        holdFour(Pid.of(2));
        console.outLines();

        commands.ps(false, false);

        List<String> lines = console.outLines();
        RealPlatform.assertLines(List.of(
                "PID  NAME     STATE    OS-PID  RESOURCES  AGE",
                "  1  worker   RUNNING       -          0  " + AGE,
                "  2  sleeper  RUNNING +" + osPid(2) + "          5  " + AGE), lines.subList(2, lines.size()));
    }

    @Test
    public void psShowsTheCpuTimeOfEachProcessWhenTheSchedulerAccountsIt() throws IOException {
        SchedulerImplAccess.Accounting cpu = SchedulerImplAccess.accounting(processes);
        try {
            commands.cpu = cpu.accounting();
            commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "worker");
            commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "idle");
            cpu.charge(Pid.of(1), 12_000_000);
            console.outLines();

            commands.ps(false, false);

            List<String> lines = console.outLines();
            RealPlatform.assertLines(List.of(
                    "PID  NAME    STATE    OS-PID  RESOURCES   CPU  AGE",
                    "  1  worker  RUNNING       -          0  12ms  " + AGE,
                    "  2  idle    RUNNING       -          0   0us  " + AGE), lines.subList(2, lines.size()));
        } finally {
            cpu.scheduler().shutdown();
        }
    }

    @Test
    public void psLeavesTerminatedProcessesOut() {
        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "short");
        processes.terminate(Pid.of(1), Duration.ZERO);

        commands.ps(false, false);

        assertEquals("no processes", console.outLines().get(1));
    }

    @Test
    public void killPrintsOneLinePerHandlerInTheOrderTheyRanThenTheTotalAndTheErrors() throws Exception {
        // real handlers: one whose releases fail after closing, one that hangs past the handler timeout
        Path file = Files.createTempFile("kill", ".bin");
        SampleTypes.FailingFiles failing = new SampleTypes.FailingFiles(processes);
        CountDownLatch unstick = new CountDownLatch(1);
        orchestrator.register(failing.cleanupHandler(), ResourceCleanup.RANKING_FILES);
        orchestrator.register(new SampleTypes.Hanging("hanging", unstick), 200);
        try {
            commands.spawn("sleep 600", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");
            Pid pid = Pid.of(1);
            timers.schedule(pid, Duration.ofMinutes(5), () -> { });
            memory.allocate(pid, 1_048_576);
            failing.open(pid, file);
            RealPlatform.await(() -> orchestrator.usage(pid).getOrDefault("os-process", ResourceUsage.NONE).count() == 1);

            commands.kill("0.5", false, "1");

            assertEquals(List.of(Duration.ofMillis(500)), graces);
            List<String> lines = console.outLines();
            RealPlatform.assertLines(List.of(
                    "pid 1 \\(demo\\) terminated, exit code 143",
                    "#  TYPE        RANKING  FREED    BYTES  TIME +RESULT",
                    "1  os-process     1000      1        0  \\S+ +ok",
                    "2  timers          850      1        0  \\S+ +ok",
                    "3  failing         300      0        0  \\S+ +1 error",
                    "4  hanging         200      0        0  \\S+ +failed: .*",
                    "5  memory          100      1  1048576  \\S+ +ok",
                    "   total                    3  1048576  \\S+ +2 errors",
                    "error: failing: releasing .* of pid 1 failed: java.io.IOException: closing failed: boom",
                    "error: hanging: .*"), lines.subList(1, lines.size()));
            assertEquals("", console.err());
        } finally {
            unstick.countDown();
            Files.delete(file);
        }
    }

    @Test
    public void psPlainPrintsTabSeparatedRowsWithoutHeaderAndNothingWhenEmpty() throws Exception {
        commands.ps(true, false);
        assertEquals("", console.out());

        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "worker");
        commands.spawn("sleep 600", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "sleeper");
        holdFour(Pid.of(2));
        console.outLines();

        commands.ps(true, false);

        List<String> lines = console.outLines();
        RealPlatform.assertLines(List.of("1\tworker\tRUNNING\t-\t0\t" + AGE, "2\tsleeper\tRUNNING\t" + osPid(2) + "\t5\t" + AGE),
                lines.subList(2, lines.size()));
    }

    @Test
    public void killOfAProcessThatAlreadyEndedSaysSoAndRunsNoSecondCleanup() {
        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");
        commands.kill("0", false, "1");
        console.outLines();
        long cleanups = orchestrator.statistics().cleanups();

        console.failing(() -> commands.kill("0", false, "1"));

        assertEquals(List.of("reclaim:kill: pid 1 has already ended (terminated); reclaim:history shows it"),
                console.errLines());
        assertEquals(cleanups, orchestrator.statistics().cleanups());
    }

    @Test
    public void killOfAnOsChildThatExitedByItselfReportsTheExitCodeOnce() throws Exception {
        commands.spawn("sh -c 'exit 3'", ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "short");
        RealPlatform.await(() -> processes.state(Pid.of(1)) == ProcessState.TERMINATED);

        console.failing(() -> commands.kill("0", false, "1"));

        assertEquals(List.of("reclaim:kill: pid 1 has already ended (exited with code 3); reclaim:history shows it"),
                console.errLines());
    }

    @Test
    public void killWithoutAPidSaysOneIsRequired() {
        console.failing(() -> commands.kill("5", false));

        assertEquals(List.of("reclaim:kill: a pid is required"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void killWaitsFiveSecondsByDefault() {
        Long pid = commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");

        commands.kill(ProcessCommands.DEFAULT_GRACE_SECONDS, false, pid.toString());

        assertEquals(ProcessState.TERMINATED, processes.state(Pid.of(1)));
        assertEquals(List.of(Duration.ofSeconds(5)), graces);
        assertEquals("", console.err());
    }

    @Test
    public void killOfAnUnknownPidPrintsOneLine() {
        console.failing(() -> commands.kill("5", false, "99"));

        assertEquals(List.of("reclaim:kill: no process with pid 99"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void killWithABadPidOrGracePrintsOneLineAndTerminatesNothing() {
        commands.spawn(ProcessCommands.NO_COMMAND, ProcessCommands.NO_PID, false, ProcessCommands.NO_PID, "demo");

        console.failing(() -> commands.kill("5", false, "abc"));
        console.failing(() -> commands.kill("5", false, "-2"));
        console.failing(() -> commands.kill("soon", false, "1"));
        console.failing(() -> commands.kill("-1", false, "1"));
        console.failing(() -> commands.kill("5", null));

        assertEquals(List.of(
                "reclaim:kill: a pid is a positive number, got 'abc'",
                "reclaim:kill: a pid is a positive number, got -2",
                "reclaim:kill: grace is a number of seconds, got 'soon'",
                "reclaim:kill: grace cannot be negative, got -1",
                "reclaim:kill: a pid is required"), console.errLines());
        assertEquals(ProcessState.RUNNING, processes.state(Pid.of(1)));
    }

    /** Two timers and two off-heap allocations: with an OS child, five resources. */
    private void holdFour(Pid pid) throws InterruptedException {
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        memory.allocate(pid, 4096);
        memory.allocate(pid, 4096);
        RealPlatform.await(() -> orchestrator.usage(pid).getOrDefault("os-process", ResourceUsage.NONE).count() == 1);
    }

    private long osPid(long pid) {
        return processes.info(Pid.of(pid)).orElseThrow().osPid();
    }

    @Test
    public void psTreeDrawsEachChildUnderItsParentAndKillTreeEndsThemAllLeavesFirst() throws Exception {
        String none = ProcessCommands.NO_PID;
        commands.spawn(ProcessCommands.NO_COMMAND, none, false, none, "root");
        commands.spawn("sleep 600", "1", false, none, "child");
        commands.spawn(ProcessCommands.NO_COMMAND, "2", false, none, "grandchild");
        commands.spawn(ProcessCommands.NO_COMMAND, "1", true, none, "loose");
        commands.spawn(ProcessCommands.NO_COMMAND, none, false, none, "other");
        long childOs = osPid(2);
        console.outLines();

        commands.ps(true, true);

        List<String> lines = console.outLines();
        RealPlatform.assertLines(List.of("1\troot\tRUNNING\t-\t0\t" + AGE,
                "└ 2\tchild\tRUNNING\t" + childOs + "\t1\t" + AGE,
                "  └ 3\tgrandchild\tRUNNING\t-\t0\t" + AGE,
                "└ 4 \\(detached\\)\tloose\tRUNNING\t-\t0\t" + AGE,
                "5\tother\tRUNNING\t-\t0\t" + AGE), lines.subList(5, lines.size()));

        commands.kill("5", true, "1");

        assertEquals(List.of(Pid.of(5)), processes.list().stream().map(info -> info.pid()).toList());
        List<java.time.Instant> ends = List.of(3, 2, 4, 1).stream()
                .map(pid -> processes.info(Pid.of(pid)).orElseThrow().ended()).toList();
        assertTrue(ends.toString(), !ends.get(0).isAfter(ends.get(1)) && !ends.get(1).isAfter(ends.get(3)));
        RealPlatform.await(() -> !ProcessHandle.of(childOs).map(ProcessHandle::isAlive).orElse(false));
        String report = console.out();
        assertTrue(report, report.contains("pid 3 (grandchild) terminated\npid 2 (child) terminated"));
        assertTrue(report, report.contains("pid 1 (root) terminated"));
        // one row per type for the whole tree, its os-process row the child's sleep
        assertTrue(report, report.matches("(?s).*\n1  os-process +1000 +1 .*"));
        assertTrue(report, !report.contains("\n4  "));
    }

    @Test
    public void aChildOfAnEndedParentOrADetachedChildWithoutAParentIsRefusedWithOneLine() throws Exception {
        String none = ProcessCommands.NO_PID;
        commands.spawn(ProcessCommands.NO_COMMAND, none, false, none, "parent");
        commands.kill("0", false, "1");
        console.outLines();

        console.failing(() -> commands.spawn(ProcessCommands.NO_COMMAND, "1", false, none, "late"));
        console.failing(() -> commands.spawn(ProcessCommands.NO_COMMAND, none, true, none, "lonely"));
        console.failing(() -> commands.spawn(ProcessCommands.NO_COMMAND, "x", false, none, "bad"));

        assertEquals(List.of("reclaim:spawn: pid 1 is TERMINATED: it can acquire no resources",
                "reclaim:spawn: --detached needs --parent PID",
                "reclaim:spawn: a pid is a positive number, got 'x'"), console.errLines());
        assertTrue(processes.list().isEmpty());
    }
}
