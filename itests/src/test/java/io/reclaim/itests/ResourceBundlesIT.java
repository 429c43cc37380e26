package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.memory.MemoryManager;
import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MmapManager;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.tasks.TaskManager;

/** Each resource bundle inside Felix: released at termination, and released when its bundle stops. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ResourceBundlesIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void handlersRunInTheDocumentedOrder() throws Exception {
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("every handler is known", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size());
        List<String> order = orchestrator.handlers().stream().map(HandlerInfo::resourceType).collect(Collectors.toList());
        assertEquals(DOCUMENTED_ORDER, order);
    }

    @Test
    public void mappingsAreSyncedAndUnmappedWhenTheProcessTerminatesAndWhenTheBundleStops() throws Exception {
        MmapManager mmap = service(MmapManager.class);
        Path shared = Files.createTempFile("reclaim-mmap", ".bin");
        Files.write(shared, new byte[8192]);
        Path kept = Files.createTempFile("reclaim-mmap-kept", ".bin");
        Files.write(kept, new byte[4096]);

        Pid pid = spawn("mapper");
        mmap.map(pid, shared, MapAccess.SHARED, 0, 8192).resource(pid).buffer().put(100, (byte) 42);
        assertEquals(1, mappingsOf(shared.toString()));
        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);
        assertEquals(0, mappingsOf(shared.toString()));
        assertEquals(8192, result.outcome("mmap").stats().bytesFreed());
        assertEquals(42, Files.readAllBytes(shared)[100]);

        Pid holder = spawn("holder");
        mmap.map(holder, kept, MapAccess.READ_ONLY);
        assertEquals(1, mappingsOf(kept.toString()));
        bundle("io.reclaim.resource-mmap").stop();
        assertEquals(0, mappingsOf(kept.toString()));
    }

    @Test
    public void directMemoryIsFreedWhenTheProcessTerminatesAndWhenTheBundleStops() throws Exception {
        MemoryManager memory = service(MemoryManager.class);
        long before = directMemoryUsed();
        Pid pid = spawn("allocator");
        for (int i = 0; i < 8; i++) {
            memory.allocate(pid, 1 << 20);
        }
        assertEquals(before + (8 << 20), directMemoryUsed());
        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);
        assertEquals(8L << 20, result.outcome("memory").stats().bytesFreed());
        assertEquals(before, directMemoryUsed());

        Pid holder = spawn("holder");
        memory.allocate(holder, 1 << 20);
        assertEquals(before + (1 << 20), directMemoryUsed());
        bundle("io.reclaim.resource-memory").stop();
        assertEquals(before, directMemoryUsed());
    }

    @Test
    public void runningTasksAreCancelledWhenTheProcessTerminatesAndThePoolStopsWithItsBundle() throws Exception {
        TaskManager tasks = service(TaskManager.class);
        await("the task pool is up", () -> threadsNamed(TaskManager.THREAD_NAME_PREFIX) == tasks.threads());
        Pid pid = spawn("worker");
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch exited = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            tasks.submit(pid, () -> {
                started.countDown();
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException expected) {
                    // cancelled by the cleanup
                } finally {
                    exited.countDown();
                }
            });
        }
        assertTrue(started.await(WAIT_MS, TimeUnit.MILLISECONDS));

        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);

        assertEquals(2, result.outcome("tasks").stats().resourcesFreed());
        assertTrue("no thread still runs a task of the dead pid", exited.await(0, TimeUnit.MILLISECONDS));
        assertFalse(handler(TaskManager.TYPE).hasResources(pid));
        assertEquals(tasks.threads(), threadsNamed(TaskManager.THREAD_NAME_PREFIX));

        bundle("io.reclaim.resource-tasks").stop();
        await("the task pool is gone", () -> threadsNamed(TaskManager.THREAD_NAME_PREFIX) == 0);
    }

    @Test
    public void queuedRunEntriesAreDroppedWhenTheProcessEndsAndWhenTheSchedulerStops() throws Exception {
        Scheduler scheduler = service(Scheduler.class);
        bundle("io.reclaim.resource-tasks").stop(); // nobody takes entries off the queue now
        Pid pid = spawn("queued");
        for (int i = 0; i < 3; i++) {
            scheduler.enqueue(pid, () -> { });
        }
        assertEquals(3, scheduler.queued());

        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);

        assertEquals(3, result.outcome("scheduler").stats().resourcesFreed());
        assertEquals(0, scheduler.queued());

        Pid holder = spawn("holder");
        io.reclaim.api.ledger.Lease<io.reclaim.scheduler.RunEntry> kept = scheduler.enqueue(holder, () -> { });
        bundle("io.reclaim.resource-scheduler").stop();
        assertFalse(kept.isHeld());
    }
}
