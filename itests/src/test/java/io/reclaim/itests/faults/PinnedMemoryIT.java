package io.reclaim.itests.faults;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.Assume;
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
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.Pin;
import io.reclaim.iouring.Completion;
import io.reclaim.iouring.IoUringManager;
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
        assertEquals(BLOCK, handler(MemoryManager.TYPE).totals().bytesQuarantined());
        assertEquals(BLOCK, handler(MmapManager.TYPE).totals().bytesQuarantined());
        assertEquals(ringBytes, handler(ZeroCopyManager.TYPE).totals().bytesQuarantined());
        assertFalse(handler(MemoryManager.TYPE).hasResources(pid) || handler(MmapManager.TYPE).hasResources(pid) || handler(ZeroCopyManager.TYPE).hasResources(pid));
        assertFalse(Files.exists(Path.of(ringFile))); // the ring is closed for everyone; only its pages wait

        stop.set(true);
        assertTrue(unpinned.await(WAIT_MS, TimeUnit.MILLISECONDS));

        assertEquals(null, failure.get());
        assertEquals(directBefore, directMemoryUsed());
        assertEquals(0, mappingsOf(file.toString()));
        assertEquals(0, mappingsOf(ringFile));
        assertEquals(0, handler(MemoryManager.TYPE).totals().bytesQuarantined());
        assertEquals(0, handler(MmapManager.TYPE).totals().bytesQuarantined());
        assertEquals(0, handler(ZeroCopyManager.TYPE).totals().bytesQuarantined());
        // the shared mapping was synced before its unmap: the task's last round is in the file
        assertEquals(rounds.get(), ByteBuffer.wrap(Files.readAllBytes(file)).getLong(BLOCK - 4096));
        Files.delete(file);
    }

    @Test
    public void anIoUringReadInFlightKeepsAnOffHeapAllocationUntilItCompletes() throws Exception {
        IoUringManager iouring = service(IoUringManager.class);
        Assume.assumeTrue("io_uring is not available here", iouring.unavailableReason().isEmpty());
        MemoryManager memory = service(MemoryManager.class);
        Set<String> fdsBefore = pipeReadEnds();
        Pipe pipe = Pipe.open(); // blocking: a read of the empty pipe stays in flight in the kernel
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            int readFd = newPipeReadEnd(fdsBefore);
            // direct, and made before the baseline: a heap buffer would leave a cached temporary one in the pool
            ByteBuffer bytes = ByteBuffer.allocateDirect(3).put(new byte[] {1, 2, 3}).flip();
            long directBefore = directMemoryUsed();
            Pid pid = spawn("reader");
            Lease<Allocation> lease = memory.allocate(pid, BLOCK);
            io.reclaim.iouring.Ring uring = iouring.create(pid, 4).resource(pid);
            try (Pin pin = lease.resource(pid).pin()) {
                uring.read(readFd, pin.buffer().position(BLOCK - 64).slice(), -1, 7L);
            }
            assertEquals(1, uring.submit());
            assertEquals(directBefore + BLOCK, directMemoryUsed());

            assertEquals(0, memory.free(pid, lease)); // the owner frees it while the kernel may still write there

            assertEquals(BLOCK, handler(MemoryManager.TYPE).totals().bytesQuarantined());
            assertEquals(directBefore + BLOCK, directMemoryUsed());
            sink.write(bytes);
            assertEquals(List.of(new Completion(7L, 3)), uring.await(1, Duration.ofSeconds(10)));
            assertEquals(0, handler(MemoryManager.TYPE).totals().bytesQuarantined());
            assertEquals(directBefore, directMemoryUsed());
            service(ProcessManager.class).terminate(pid, Duration.ZERO);
        }
    }

    /** Every open pipe read end of this JVM, as "fd pipe:[inode]"; an fd number alone may be reused. */
    private static Set<String> pipeReadEnds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(PinnedMemoryIT::pipeReadEnd).filter(end -> end != null).collect(Collectors.toSet());
        }
    }

    private static String pipeReadEnd(Path fd) {
        try {
            String target = Files.readSymbolicLink(fd).toString();
            if (!target.startsWith("pipe:")) {
                return null;
            }
            String flags = Files.readAllLines(Path.of("/proc/self/fdinfo", fd.getFileName().toString())).stream()
                    .filter(line -> line.startsWith("flags:")).findFirst().orElseThrow();
            boolean readOnly = (Integer.parseInt(flags.substring("flags:".length()).trim(), 8) & 3) == 0;
            return readOnly ? fd.getFileName() + " " + target : null;
        } catch (IOException gone) {
            return null; // closed while listed
        }
    }

    /** The fd of the one pipe read end opened since {@code before} was listed. */
    private static int newPipeReadEnd(Set<String> before) throws IOException {
        Set<String> now = pipeReadEnds();
        now.removeAll(before);
        assertEquals("new pipe read ends " + now, 1, now.size());
        String end = now.iterator().next();
        return Integer.parseInt(end.substring(0, end.indexOf(' ')));
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
