package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.TerminationListener;
import io.reclaim.files.FileManager;

@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TerminationGateIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    @Test
    public void acquiringForATerminatingOrTerminatedPidFails() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Path file = Files.createTempFile("gate", ".txt");
        Pid pid = processes.spawn(ProcessSpec.named("closing")).pid();
        AtomicReference<Throwable> duringTermination = new AtomicReference<>();
        TerminationListener probe = (terminating, grace) -> {
            if (terminating.equals(pid)) {
                try {
                    files.open(pid, file, StandardOpenOption.WRITE);
                } catch (Throwable t) {
                    duringTermination.set(t);
                }
            }
        };
        ServiceRegistration<TerminationListener> registration = context.registerService(TerminationListener.class, probe, null);
        long fdsBefore = openFds();
        try {
            processes.terminate(pid, Duration.ZERO);
        } finally {
            registration.unregister();
        }

        assertNotNull("the listener ran while the pid was TERMINATING", duringTermination.get());
        ProcessNotRunningException terminating = (ProcessNotRunningException) duringTermination.get();
        assertEquals(ProcessState.TERMINATING, terminating.state());
        ProcessNotRunningException terminated = assertThrows(ProcessNotRunningException.class,
                () -> files.open(pid, file, StandardOpenOption.WRITE));
        assertEquals(ProcessState.TERMINATED, terminated.state());
        assertEquals("pid " + pid + " is TERMINATED: it can acquire no resources", terminated.getMessage());
        assertEquals(fdsBefore, openFds());
        assertFalse(handler(FileManager.TYPE).hasResources(pid));
    }

    /** DESIGN rule 2 inside the framework, with real file descriptors, many times over. */
    @Test
    public void acquisitionsRacingATerminateLeaveNothingTracked() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        Path file = Files.createTempFile("race", ".txt");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        long fdsBefore = openFds();
        List<String> before = openFdTargets();
        long raced = 0;
        try {
            for (int round = 0; round < 200; round++) {
                Pid pid = processes.spawn(ProcessSpec.named("racer-" + round)).pid();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> acquirers = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    acquirers.add(pool.submit(() -> {
                        go.await();
                        int held = 0;
                        // bounded, so that a slow terminate cannot run the JVM out of descriptors
                        while (held < 100) {
                            try {
                                files.open(pid, file, StandardOpenOption.READ);
                                held++;
                            } catch (ProcessNotRunningException closed) {
                                return held;
                            }
                        }
                        while (processes.state(pid) == ProcessState.RUNNING) {
                            Thread.onSpinWait();
                        }
                        return held;
                    }));
                }
                go.countDown();
                Thread.sleep(1);
                long freed = processes.terminate(pid, Duration.ZERO).outcome("files").stats().resourcesFreed();
                int acquired = 0;
                for (Future<Integer> acquirer : acquirers) {
                    acquired += acquirer.get(30, TimeUnit.SECONDS);
                }
                raced += acquired;
                assertTrue("round " + round + ": every acquisition that succeeded was swept", freed >= acquired);
                assertFalse("round " + round, handler(FileManager.TYPE).hasResources(pid));
                assertTrue("round " + round, orchestrator.usage(pid).isEmpty());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue("the acquirers really acquired", raced > 0);
        assertEquals(before + " -> " + openFdTargets(), fdsBefore, openFds());
    }
}
