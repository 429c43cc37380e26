package io.reclaim.iouring.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.iouring.Completion;
import io.reclaim.iouring.Ring;
import io.reclaim.testing.Descriptors;
import io.reclaim.api.ledger.Handlers;

public class IoUringManagerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(1);
    private final Pid other = Pid.of(2);
    private IoUringManagerImpl manager;
    private int fd = -1;

    @Before
    public void setUp() {
        states.put(pid, ProcessState.RUNNING);
        states.put(other, ProcessState.RUNNING);
        manager = new IoUringManagerImpl(states::get);
        Optional<String> unavailable = manager.unavailableReason();
        assumeTrue("io_uring is not available here: " + unavailable.orElse(""), unavailable.isEmpty());
    }

    @After
    public void tearDown() {
        manager.deactivate();
        if (fd >= 0) {
            NativeFiles.close(fd);
        }
    }

    @Test
    public void ringWritesBytesThatPlainJavaReadsBack() throws Exception {
        Path file = folder.newFile("written").toPath();
        fd = NativeFiles.openReadWrite(file);
        Ring ring = manager.create(pid, 8).resource(pid);
        ByteBuffer data = direct("through the ring");

        ring.write(fd, data, 0, 42L);
        List<Completion> done = ring.await(1, WAIT);

        assertEquals(List.of(new Completion(42L, data.remaining())), done);
        assertEquals("through the ring", Files.readString(file, UTF_8));
    }

    @Test
    public void ringReadsBytesThatPlainJavaWrote() throws Exception {
        Path file = folder.newFile("read").toPath();
        Files.writeString(file, "0123456789", UTF_8);
        fd = NativeFiles.openReadWrite(file);
        Ring ring = manager.create(pid, 8).resource(pid);
        ByteBuffer target = ByteBuffer.allocateDirect(6);

        ring.read(fd, target, 4, 7L);
        List<Completion> done = ring.await(1, WAIT);

        assertEquals(List.of(new Completion(7L, 6)), done);
        byte[] bytes = new byte[6];
        target.get(bytes);
        assertEquals("456789", new String(bytes, UTF_8));
    }

    @Test
    public void nopsCompleteWithTheirUserData() {
        Ring ring = manager.create(pid, 4).resource(pid);
        ring.nop(1);
        ring.nop(2);
        ring.nop(3);
        assertEquals(3, ring.inFlight());

        assertEquals(3, ring.submit());
        List<Completion> done = ring.await(3, WAIT);

        assertEquals(List.of(new Completion(1, 0), new Completion(2, 0), new Completion(3, 0)), done);
        assertEquals(0, ring.inFlight());
        assertEquals(List.of(), ring.reap());
    }

    @Test
    public void operationOnABadFdCompletesWithItsErrno() {
        Ring ring = manager.create(pid, 4).resource(pid);
        ring.read(1_000_000, ByteBuffer.allocateDirect(8), 0, 5L);

        Completion completion = ring.await(1, WAIT).get(0);

        assertFalse(completion.succeeded());
        assertEquals(Errno.EBADF, completion.errno());
    }

    @Test
    public void cleanupUnmapsRingsAndClosesTheirFds() {
        long fdsBefore = Descriptors.resources();
        long mapsBefore = ProcSelf.ioUringMappings();
        Ring first = manager.create(pid, 8).resource(pid);
        Ring second = manager.create(pid, 64).resource(pid);
        second.nop(9);
        second.submit();
        assertEquals(fdsBefore + 2, Descriptors.resources());
        assertTrue("the rings are mapped", ProcSelf.ioUringMappings() >= mapsBefore + 4);

        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(2, stats.resourcesFreed());
        assertEquals(first.mappedBytes() + second.mappedBytes(), stats.bytesFreed());
        assertEquals(List.of(), stats.errors());
        assertEquals(fdsBefore, Descriptors.resources());
        assertEquals(mapsBefore, ProcSelf.ioUringMappings());
        assertFalse(Handlers.of(manager).hasResources(pid));
        assertFalse(first.isOpen());
    }

    @Test
    public void deactivationReleasesTheRingsOfEveryPid() {
        long fdsBefore = Descriptors.resources();
        long mapsBefore = ProcSelf.ioUringMappings();
        manager.create(pid, 8);
        manager.create(other, 8);
        assertEquals(fdsBefore + 2, Descriptors.resources());

        manager.deactivate();

        assertEquals(fdsBefore, Descriptors.resources());
        assertEquals(mapsBefore, ProcSelf.ioUringMappings());
        assertThrows(IllegalStateException.class, () -> manager.create(pid, 8));
    }

    @Test
    public void releasedRingReportsItsBytesAndRefusesWork() {
        Lease<Ring> lease = manager.create(pid, 8);
        Ring ring = lease.resource(pid);

        assertEquals(ring.mappedBytes(), manager.release(pid, lease));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.nop(1));
        assertTrue(e.getMessage(), e.getMessage().contains("released"));
        assertThrows(IllegalStateException.class, () -> manager.release(pid, lease));
    }

    @Test
    public void anotherPidCannotUseOrReleaseTheRing() {
        Lease<Ring> lease = manager.create(pid, 8);

        assertThrows(WrongOwnerException.class, () -> lease.resource(other));
        assertThrows(WrongOwnerException.class, () -> manager.release(other, lease));
        assertTrue(lease.isHeld());
    }

    @Test
    public void terminatingPidGetsNoRingAndNoFd() {
        states.put(pid, ProcessState.TERMINATING);
        long fdsBefore = Descriptors.resources();

        assertThrows(ProcessNotRunningException.class, () -> manager.create(pid, 8));
        assertEquals(fdsBefore, Descriptors.resources());
    }

    @Test
    public void entriesOutOfRangeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.create(pid, 0));
        assertEquals("a ring has 1 to 4096 entries, got 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> manager.create(pid, 4097));
    }

    @Test
    public void heapBufferIsRefused() {
        Ring ring = manager.create(pid, 8).resource(pid);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ring.write(1, ByteBuffer.allocate(4), 0, 1L));
        assertTrue(e.getMessage(), e.getMessage().contains("direct"));
        assertEquals(0, ring.inFlight());
    }

    @Test
    public void fullSubmissionQueueIsRefusedUntilSubmitted() {
        Ring ring = manager.create(pid, 2).resource(pid);
        ring.nop(1);
        ring.nop(2);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ring.nop(3));
        assertTrue(e.getMessage(), e.getMessage().contains("full submission queue"));

        ring.submit();
        ring.nop(3);
        assertEquals(3, ring.await(3, WAIT).size());
    }

    private static ByteBuffer direct(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }
}
