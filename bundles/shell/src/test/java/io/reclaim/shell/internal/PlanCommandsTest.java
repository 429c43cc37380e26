package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.timers.CloseableTimerManager;

/** The plan of the real orchestrator: the process manager's os-process handler, timers and memory. */
public class PlanCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    @Rule
    public final RealPlatform platform = new RealPlatform(
            ResourceOrchestrators.builder().handlerTimeout(Duration.ofMillis(2500)), ProcessManagers.builder());
    private final EmbeddedOrchestrator orchestrator = platform.orchestrator;
    private final CloseableProcessManager processes = platform.processes;
    private final CloseableTimerManager timers = platform.timers;
    private final CloseableMemoryManager memory = platform.memory;
    private final PlanCommands commands = new PlanCommands(processes, orchestrator);

    @Test
    public void planListsEveryHandlerInOrderWithWhatItWouldFreeAndItsTimeout() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("demo").withCommand("sleep", "600")).pid();
        memory.allocate(pid, 4096);
        memory.allocate(pid, 4096);
        RealPlatform.await(() -> orchestrator.usage(pid).getOrDefault("os-process", ResourceUsage.NONE).count() == 1);

        commands.plan(false, "1");

        assertEquals(List.of(
                "cleanup plan of pid 1 (demo, RUNNING); nothing is released",
                "#  TYPE        RANKING  COUNT  BYTES  TIMEOUT",
                "1  os-process     1000      1      0    2.50s",
                "2  timers          850      0      0    2.50s",
                "3  memory          100      2   8192    2.50s",
                "   total                    3   8192"), console.outLines());
        assertEquals("", console.err());
    }

    @Test
    public void planReleasesNothing() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("demo")).pid();
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });

        commands.plan(false, "1");

        assertEquals(new ResourceUsage(2, 0), orchestrator.usage(pid).get("timers"));
        assertEquals(0, orchestrator.statistics().cleanups());
    }

    @Test
    public void planPlainPrintsOneRowPerHandlerWithoutHeaderOrTotal() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("demo")).pid();
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });
        timers.schedule(pid, Duration.ofMinutes(5), () -> { });

        commands.plan(true, "1");

        assertEquals(List.of("1\tos-process\t1000\t0\t0\t2.50s", "2\ttimers\t850\t2\t0\t2.50s",
                "3\tmemory\t100\t0\t0\t2.50s"), console.outLines());
    }

    @Test
    public void planWithoutHandlersSaysNothingWouldBeReleased() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        try (EmbeddedOrchestrator empty = ResourceOrchestrators.builder().build()) {
            new PlanCommands(processes, empty).plan(false, "1");
        }

        assertEquals(List.of("cleanup plan of pid 1 (demo, RUNNING); nothing is released",
                "no cleanup handlers: nothing would be released"), console.outLines());
    }

    @Test
    public void planOfAProcessBeingTerminatedShowsWhatIsLeft() throws Exception {
        // an OS child that ignores SIGTERM stays TERMINATING for its grace
        Pid pid = processes.spawn(ProcessSpec.named("demo").withCommand("sh", "-c", "trap '' TERM; sleep 600")).pid();
        Thread terminating = new Thread(() -> processes.terminate(pid, Duration.ofMinutes(1)));
        terminating.start();
        RealPlatform.await(() -> processes.state(pid) == ProcessState.TERMINATING);

        commands.plan(false, "1");

        assertEquals("cleanup plan of pid 1 (demo, TERMINATING); nothing is released", console.outLines().get(0));
        processes.close(); // cuts the grace short: the tree is killed and cleaned up
        terminating.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(ProcessState.TERMINATED, processes.state(pid));
    }

    @Test
    public void badPidsGetOneLineEach() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        processes.terminate(Pid.of(1), Duration.ZERO);

        console.failing(() -> commands.plan(false, "1"));
        console.failing(() -> commands.plan(false, "99"));
        console.failing(() -> commands.plan(false, "abc"));
        console.failing(() -> commands.plan(false, "-1"));
        console.failing(() -> commands.plan(false));

        assertEquals(List.of(
                "reclaim:plan: pid 1 has already ended (terminated); reclaim:history shows it",
                "reclaim:plan: no process with pid 99",
                "reclaim:plan: a pid is a positive number, got 'abc'",
                "reclaim:plan: a pid is a positive number, got -1",
                "reclaim:plan: a pid is required"), console.errLines());
        assertEquals("", console.out());
    }
}
