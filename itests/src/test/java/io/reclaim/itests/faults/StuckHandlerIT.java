package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.OrchestratorStatistics.HandlerStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.files.FileManager;

/**
 * A cleanup handler that hangs for every pid, deaf to interrupts, must not cost a thread per
 * ended pid (DESIGN rule 4, issue point 6): the threads stuck in it stay bounded, measured in
 * /proc/self/task, and the statistics show it as stuck.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StuckHandlerIT extends FaultSupport {

    private static final int PIDS = 1000;
    private static final int CALLERS = 4;
    private static final long TIMEOUT_MS = 40;

    @Configuration
    public Option[] configuration() {
        return platform(PLATFORM);
    }

    /** Hangs until released, whatever interrupts it. */
    static final class Hanging implements ResourceCleanup {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public CleanupStats cleanup(Pid pid) {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // deaf to interrupts, like a close on a dead NFS server
                }
            }
            return CleanupStats.NONE;
        }

        @Override
        public String resourceType() {
            return "hangs";
        }

        @Override
        public boolean hasResources(Pid pid) {
            return false;
        }
    }

    @Test
    public void aHandlerThatHangsForAThousandPidsHoldsABoundedNumberOfThreads() throws Exception {
        org.osgi.service.cm.Configuration config = service(ConfigurationAdmin.class)
                .getConfiguration("io.reclaim.orchestrator", "?");
        Dictionary<String, Object> timeout = new Hashtable<>();
        timeout.put("handler.timeout.ms", TIMEOUT_MS);
        config.update(timeout);
        Hanging hanging = new Hanging();
        ServiceRegistration<ResourceCleanup> registration = registerHandler(hanging, 650);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        ProcessManager processes = service(ProcessManager.class);
        FileManager files = service(FileManager.class);
        Path file = Files.createTempFile("stuck", ".bin");
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            await("the hanging handler is known", () -> orchestrator.handlers().size() == 4);
            long fds = openFds();
            // warm up every thread that serves these cleanups: the callers, the cleanup pool, and
            // the first call, which stays stuck in the handler
            endAll(callers, processes, files, file, 2 * CALLERS);
            await("the timeout applies", () -> orchestrator.statistics().perType().get("hangs").timeouts() > 0);
            long threadsBefore = osThreads();

            List<CleanupResult> results = endAll(callers, processes, files, file, PIDS);
            long threadsAfter = osThreads();

            System.out.println("StuckHandlerIT: /proc/self/task before " + threadsBefore + ", after " + PIDS
                    + " pids " + threadsAfter);
            assertTrue("threads before " + threadsBefore + ", after " + PIDS + " pids " + threadsAfter,
                    threadsAfter - threadsBefore <= 2 * CALLERS + 2);
            for (CleanupResult result : results) {
                assertTrue(result.outcome("hangs").error(), result.outcome("hangs").error().startsWith("timed out"));
                assertEquals("the next handler still runs", 1, result.outcome("files").stats().resourcesFreed());
            }
            HandlerStatistics stuck = orchestrator.statistics().perType().get("hangs");
            // the callers that entered the handler together before the first timeout stay stuck;
            // after that, no cleanup adds another
            assertTrue("stuck " + stuck.stuck(), stuck.stuck() >= 1 && stuck.stuck() <= CALLERS);
            assertEquals(PIDS + 2 * CALLERS, stuck.timeouts());
            assertEquals(openFdTargets().toString(), fds, openFds());

            hanging.release.countDown();
            await("the stuck call returned", () -> orchestrator.statistics().perType().get("hangs").stuck() == 0);
            Pid after = processes.spawn(io.reclaim.api.ProcessSpec.named("after")).pid();
            assertEquals("once it returns the handler runs again", null,
                    processes.terminate(after, Duration.ZERO).outcome("hangs").error());
        } finally {
            hanging.release.countDown();
            callers.shutdownNow();
            registration.unregister();
            config.delete();
            Files.delete(file);
        }
    }

    /** Spawns {@code count} pids holding one open file each and terminates them from the callers. */
    private static List<CleanupResult> endAll(ExecutorService callers, ProcessManager processes, FileManager files,
            Path file, int count) throws Exception {
        List<Future<CleanupResult>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(callers.submit(() -> {
                Pid pid = processes.spawn(io.reclaim.api.ProcessSpec.named("victim")).pid();
                files.open(pid, file, StandardOpenOption.READ);
                return processes.terminate(pid, Duration.ZERO);
            }));
        }
        List<CleanupResult> results = new ArrayList<>();
        for (Future<CleanupResult> future : futures) {
            results.add(future.get(WAIT_MS, TimeUnit.MILLISECONDS));
        }
        return results;
    }
}
