package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;

public class ResourceCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator();
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    private final ResourceCommands commands = new ResourceCommands(processes, orchestrator);

    @Test
    public void resourcesShowsCountAndBytesPerTypeInCleanupOrder() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        orchestrator.hold(Pid.of(1), "sockets", 2, 0).hold(Pid.of(1), "mmap", 1, 1_048_576);

        commands.resources(false, "1");

        assertEquals(List.of(
                "TYPE     COUNT    BYTES",
                "sockets      2        0",
                "mmap         1  1048576"), console.outLines());
    }

    @Test
    public void resourcesShowsTheCpuTimeAndTheTimersNextFiring() throws Exception {
        processes.spawn(ProcessSpec.named("ticker"));
        Pid pid = Pid.of(1);
        io.reclaim.timers.CloseableTimerManager timers = io.reclaim.timers.TimerManager.create(processes, 1);
        try {
            orchestrator.hold(pid, "timers", 2, 0);
            timers.schedule(pid, java.time.Duration.ofMinutes(5), () -> { });
            timers.scheduleAtFixedRate(pid, java.time.Duration.ofSeconds(30), java.time.Duration.ofHours(1), () -> { });
            SchedulerImplAccess.Accounting cpu = SchedulerImplAccess.accounting(processes);
            cpu.charge(pid, 3_500_000);
            commands.cpu = cpu.accounting();
            commands.timers = Services.of(timers);

            commands.resources(false, "1");

            List<String> lines = console.outLines();
            assertEquals(List.of("TYPE    COUNT  BYTES", "timers      2      0", "cpu time: 3.5ms"), lines.subList(0, 3));
            assertTrue(lines.get(3), lines.get(3).matches("timers: 2, next firing in (29|30)\\.\\d\\ds \\(.*Z\\)"));
        } finally {
            timers.close();
        }
    }

    @Test
    public void resourcesOfAProcessHoldingNothingSaysSo() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));

        commands.resources(false, "1");

        assertEquals(List.of("pid 1 holds no resources"), console.outLines());
    }

    @Test
    public void resourcesOfAnUnknownOrBadPidPrintsOneLine() {
        commands.resources(false, "99");
        commands.resources(false, "x");

        assertEquals(List.of("reclaim:resources: no process with pid 99",
                "reclaim:resources: a pid is a positive number, got 'x'"), console.errLines());
        assertEquals("", console.out());
    }

    @Test
    public void resourcesPlainPrintsRowsOnlyAndNothingForAnEmptyHolding() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        processes.spawn(ProcessSpec.named("idle"));
        orchestrator.hold(Pid.of(1), "sockets", 2, 0).hold(Pid.of(1), "mmap", 1, 1_048_576);

        commands.resources(true, "1");
        commands.resources(true, "2");

        assertEquals(List.of("sockets\t2\t0", "mmap\t1\t1048576"), console.outLines());
    }

    @Test
    public void resourcesOfAProcessThatEndedShowsWhatItStillHolds() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        processes.terminate(Pid.of(1), java.time.Duration.ZERO);
        orchestrator.hold(Pid.of(1), "files", 1, 0);

        commands.resources(false, "1");

        assertEquals(List.of("TYPE   COUNT  BYTES", "files      1      0"), console.outLines());
    }

    @Test
    public void resourcesWithoutAPidSaysOneIsRequired() {
        commands.resources(false);

        assertEquals(List.of("reclaim:resources: a pid is required"), console.errLines());
    }

    @Test
    public void handlersPlainPrintsRowsOnly() {
        orchestrator.handlers.add(new HandlerInfo(1, "os-process", 1000, 31, "io.reclaim.process"));
        orchestrator.handlers.add(new HandlerInfo(2, "tempdir", 0, -1, "-"));

        commands.handlers(true);
        orchestrator.handlers.clear();
        commands.handlers(true);

        assertEquals(List.of("1\tos-process\t1000\t31\tio.reclaim.process", "2\ttempdir\t0\t-\t-"),
                console.outLines());
    }

    @Test
    public void handlersAreListedInCleanupOrder() {
        orchestrator.handlers.add(new HandlerInfo(1, "os-process", 1000, 31, "io.reclaim.process"));
        orchestrator.handlers.add(new HandlerInfo(2, "sockets", 500, 40, "io.reclaim.resource.sockets"));
        orchestrator.handlers.add(new HandlerInfo(3, "tempdir", 0, -1, "-"));

        commands.handlers(false);

        assertEquals(List.of(
                "#  TYPE        RANKING  SERVICE-ID  BUNDLE",
                "1  os-process     1000          31  io.reclaim.process",
                "2  sockets         500          40  io.reclaim.resource.sockets",
                "3  tempdir           0           -  -"), console.outLines());
    }

    @Test
    public void noHandlersSaysSo() {
        commands.handlers(false);

        assertEquals(List.of("no cleanup handlers"), console.outLines());
    }
}
