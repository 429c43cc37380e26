package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceUsage;

public class PlanCommandsTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final TestOrchestrator orchestrator = new TestOrchestrator()
            .handler("os-process", 1000).handler("sockets", 500).handler("mmap", 200);
    private final TestProcessManager processes = new TestProcessManager(orchestrator);
    private final PlanCommands commands = new PlanCommands(processes, orchestrator);

    @Test
    public void planListsEveryHandlerInOrderWithWhatItWouldFreeAndItsTimeout() throws Exception {
        processes.spawn(ProcessSpec.named("demo").withCommand("sleep", "600"));
        orchestrator.hold(Pid.of(1), "os-process", 1, 0).hold(Pid.of(1), "mmap", 2, 8192);
        orchestrator.timeout = Duration.ofMillis(2500);

        commands.plan(false, "1");

        assertEquals(List.of(
                "cleanup plan of pid 1 (demo, RUNNING); nothing is released",
                "#  TYPE        RANKING  COUNT  BYTES  TIMEOUT",
                "1  os-process     1000      1      0    2.50s",
                "2  sockets         500      0      0    2.50s",
                "3  mmap            200      2   8192    2.50s",
                "   total                    3   8192"), console.outLines());
        assertEquals("", console.err());
    }

    @Test
    public void planReleasesNothing() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        orchestrator.hold(Pid.of(1), "sockets", 2, 0);

        commands.plan(false, "1");

        assertEquals(new ResourceUsage(2, 0), orchestrator.usage(Pid.of(1)).get("sockets"));
        assertTrue(orchestrator.cleanedUp.isEmpty());
    }

    @Test
    public void planPlainPrintsOneRowPerHandlerWithoutHeaderOrTotal() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        orchestrator.hold(Pid.of(1), "sockets", 2, 0);

        commands.plan(true, "1");

        assertEquals(List.of("1\tos-process\t1000\t0\t0\t10s", "2\tsockets\t500\t2\t0\t10s", "3\tmmap\t200\t0\t0\t10s"),
                console.outLines());
    }

    @Test
    public void planWithoutHandlersSaysNothingWouldBeReleased() throws Exception {
        orchestrator.handlers.clear();
        processes.spawn(ProcessSpec.named("demo"));

        commands.plan(false, "1");

        assertEquals(List.of("cleanup plan of pid 1 (demo, RUNNING); nothing is released",
                "no cleanup handlers: nothing would be released"), console.outLines());
    }

    @Test
    public void planOfAProcessBeingTerminatedShowsWhatIsLeft() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        processes.beginTermination(Pid.of(1));

        commands.plan(false, "1");

        assertEquals("cleanup plan of pid 1 (demo, TERMINATING); nothing is released", console.outLines().get(0));
    }

    @Test
    public void badPidsGetOneLineEach() throws Exception {
        processes.spawn(ProcessSpec.named("demo"));
        processes.terminate(Pid.of(1), Duration.ZERO);

        commands.plan(false, "1");
        commands.plan(false, "99");
        commands.plan(false, "abc");
        commands.plan(false, "-1");
        commands.plan(false);

        assertEquals(List.of(
                "reclaim:plan: pid 1 has already ended (terminated); reclaim:history shows it",
                "reclaim:plan: no process with pid 99",
                "reclaim:plan: a pid is a positive number, got 'abc'",
                "reclaim:plan: a pid is a positive number, got -1",
                "reclaim:plan: a pid is required"), console.errLines());
        assertEquals("", console.out());
    }
}
