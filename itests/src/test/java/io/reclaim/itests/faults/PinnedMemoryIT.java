package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ledger.Pin;
import io.reclaim.itests.ReclaimTestSupport;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.MemoryManager;
import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MappedRegion;
import io.reclaim.mmap.MmapManager;
import io.reclaim.tasks.TaskManager;
import io.reclaim.zerocopy.Claim;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.ZeroCopyManager;

/**
 * DESIGN rule 11, with the fault injected: a task that ignores interruption keeps writing into an
 * off-heap allocation, a shared mapping and a zero-copy claim after its process is terminated.
 * The tasks cleanup gives up on it; the memory, mmap and zerocopy cleanups that follow must not
 * free or unmap under it (that would be a SIGSEGV of this JVM or a corrupted native heap): they
 * quarantine, and the memory goes when the task stops.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PinnedMemoryIT extends ReclaimTestSupport {

    private static final int BLOCK = 1 << 20;
    private static final int CLAIM = 4096;

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void memoryPinnedByATaskThatIgnoresInterruptionIsQuarantinedAndFreedWhenTheTaskStops() throws Exception {
        MemoryManager memory = service(MemoryManager.class);
        MmapManager mmap = service(MmapManager.class);
        ZeroCopyManager zerocopy = service(ZeroCopyManager.class);
        TaskManager tasks = service(TaskManager.class);
        ProcessManager processes = service(ProcessManager.class);
        Path file = Files.createTempFile("pinned-it-", ".map");
        String ringName = "pinned-it-" + ProcessHandle.current().pid();
        // reading /proc and files caches a temporary direct buffer per thread: take it before the baseline
        mappingsOf(file.toString());
        Files.readAllBytes(file);
        long directBefore = directMemoryUsed();

        Pid pid = spawn("stubborn-writer");
        Allocation block = memory.allocate(pid, BLOCK).resource(pid);
        MappedRegion region = mmap.map(pid, file, MapAccess.SHARED, 0, BLOCK).resource(pid);
        Ring ring = zerocopy.create(pid, ringName, 1 << 16).resource(pid);
        String ringFile = ring.file().toString();
        long ringBytes = ring.mappedBytes();
        Claim claim = ring.tryClaim(1, CLAIM).orElseThrow();
        assertEquals(directBefore + BLOCK, directMemoryUsed());
        assertEquals(1, mappingsOf(file.toString()));
        assertEquals(1, mappingsOf(ringFile));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong rounds = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch unpinned = new CountDownLatch(1);
        tasks.submit(pid, () -> {
            try (Pin heap = block.pin(); Pin mapped = region.pin(); Pin slot = claim.pin()) {
                writing.countDown();
                // ignores interruption: only the test's flag ends it
                while (!stop.get()) {
                    long round = rounds.incrementAndGet();
                    for (int offset = 0; offset < BLOCK; offset += 4096) {
                        heap.buffer().putLong(offset, round);
                        mapped.buffer().putLong(offset, round);
                    }
                    for (int offset = 0; offset < CLAIM; offset += 8) {
                        slot.buffer().putLong(offset, round);
                    }
                    check(heap.buffer().getLong(BLOCK - 4096) == round, "off-heap block lost a write");
                    check(mapped.buffer().getLong(BLOCK - 4096) == round, "mapping lost a write");
                }
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                unpinned.countDown();
            }
        });
        assertTrue(writing.await(WAIT_MS, TimeUnit.MILLISECONDS));

        CleanupResult result = processes.terminate(pid, Duration.ZERO);

        // the task was abandoned and is still writing; nothing was freed under it
        assertTrue(result.outcome("tasks").stats().hasErrors());
        long roundsAfterCleanup = rounds.get();
        await("the task keeps writing after its cleanup", () -> rounds.get() > roundsAfterCleanup + 2);
        assertQuarantined(result.outcome("memory").stats(), BLOCK);
        assertQuarantined(result.outcome("mmap").stats(), BLOCK);
        assertQuarantined(result.outcome("zerocopy").stats(), ringBytes);
        assertEquals(BLOCK + BLOCK + ringBytes, result.total().bytesQuarantined());
        assertEquals(directBefore + BLOCK, directMemoryUsed());
        assertEquals(1, mappingsOf(file.toString()));
        assertEquals(1, mappingsOf(ringFile));
        assertEquals(BLOCK, memory.totals().bytesQuarantined());
        assertEquals(BLOCK, mmap.totals().bytesQuarantined());
        assertEquals(ringBytes, zerocopy.totals().bytesQuarantined());
        assertFalse(memory.hasResources(pid) || mmap.hasResources(pid) || zerocopy.hasResources(pid));
        assertFalse(Files.exists(Path.of(ringFile))); // the ring is closed for everyone; only its pages wait

        stop.set(true);
        assertTrue(unpinned.await(WAIT_MS, TimeUnit.MILLISECONDS));

        assertEquals(null, failure.get());
        assertEquals(directBefore, directMemoryUsed());
        assertEquals(0, mappingsOf(file.toString()));
        assertEquals(0, mappingsOf(ringFile));
        assertEquals(0, memory.totals().bytesQuarantined());
        assertEquals(0, mmap.totals().bytesQuarantined());
        assertEquals(0, zerocopy.totals().bytesQuarantined());
        // the shared mapping was synced before its unmap: the task's last round is in the file
        assertEquals(rounds.get(), java.nio.ByteBuffer.wrap(Files.readAllBytes(file)).getLong(BLOCK - 4096));
        Files.delete(file);
    }

    private static void assertQuarantined(CleanupStats stats, long bytes) {
        assertEquals(stats.toString(), 1, stats.resourcesQuarantined());
        assertEquals(stats.toString(), bytes, stats.bytesQuarantined());
        assertEquals(stats.toString(), 0, stats.resourcesFreed());
        assertFalse(stats.toString(), stats.hasErrors());
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
