package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** Ctrl-C during reclaim:kill interrupts the command, never the termination; a second kill gets the same result. */
public class KillInterruptionTest {

    @Rule
    public final ConsoleCapture console = new ConsoleCapture();

    private final EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
    private final CloseableProcessManager processes = ProcessManagers.builder()
            .withResourceOrchestrator(orchestrator).build();
    private final ProcessCommands commands = new ProcessCommands(processes, orchestrator);
    private long osPid;

    @After
    public void killLeftovers() {
        ProcessHandle.of(osPid).ifPresent(ProcessHandle::destroyForcibly);
        processes.close();
        orchestrator.close();
    }

    @Test
    public void ctrlCEndsTheWaitAndTheTerminationCompletesForASecondKill() throws Exception {
        Pid pid = processes.spawn(ProcessSpec.named("stubborn").withCommand("sh", "-c", "trap '' TERM; sleep 600")).pid();
        osPid = processes.info(pid).orElseThrow().osPid();
        // the shell sets its trap a moment after it starts: a TERM before that would end it at once
        await("the child ignores SIGTERM", () -> ignoresTerm(osPid));
        // the trap is set once the shell runs its sleep; a TERM before that would end it at once
        await("the stubborn shell ignores TERM", () -> ProcessHandle.of(osPid).stream().flatMap(ProcessHandle::children)
                .anyMatch(child -> child.info().commandLine().orElse("").contains("sleep 600")));
        Thread first = new Thread(() -> commands.kill("3", false, pid.toString()), "first-kill");
        first.start();
        await("the first kill began", () -> processes.state(pid) == ProcessState.TERMINATING);

        first.interrupt(); // what Gogo does on Ctrl-C
        first.join(TimeUnit.SECONDS.toMillis(20));

        assertTrue("the interrupted kill returned", !first.isAlive());
        assertEquals("the termination goes on", ProcessState.TERMINATING, processes.state(pid));
        assertTrue(console.err(), console.err().contains("reclaim:kill: interrupted; pid " + pid + " goes on terminating"));

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> commands.kill("3", false, pid.toString()));
        second.get(30, TimeUnit.SECONDS);

        assertEquals(ProcessState.TERMINATED, processes.state(pid));
        assertTrue(console.out(), console.out().contains("pid " + pid + " (stubborn) forced"));
        assertTrue("the OS child is gone", ProcessHandle.of(osPid).map(h -> !h.isAlive()).orElse(true));
    }

    /** Reads the mask of ignored signals in {@code /proc/PID/status}: SIGTERM is signal 15, bit 14. */
    private static boolean ignoresTerm(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 14)) != 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not started yet, or already gone
        }
        return false;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
