package io.reclaim.zerocopy.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import io.reclaim.zerocopy.Claim;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.RingClosedException;
import io.reclaim.api.ledger.Handlers;

public class ZeroCopyManagerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid creator = Pid.of(1);
    private final Pid peer = Pid.of(2);
    private final Pid third = Pid.of(3);
    private ZeroCopyManagerImpl manager;

    @Before
    public void setUp() {
        for (Pid pid : List.of(creator, peer, third)) {
            states.put(pid, ProcessState.RUNNING);
        }
        manager = new ZeroCopyManagerImpl(states::get, folder.getRoot().toPath());
    }

    @After
    public void tearDown() {
        manager.deactivate();
    }

    @Test
    public void attachedPidReadsWhatTheCreatorWroteInPlace() {
        Ring ring = manager.create(creator, "prices", 4096).resource(creator);
        Ring attached = manager.attach(peer, "prices").resource(peer);

        Claim claim = ring.tryClaim(3, Long.BYTES).orElseThrow();
        claim.buffer().putLong(0, 42L);
        claim.commit();

        List<Long> seen = new ArrayList<>();
        int read = attached.read((type, message) -> {
            assertEquals(3, type);
            seen.add(message.getLong(0));
        });
        assertEquals(1, read);
        assertEquals(List.of(42L), seen);
        assertEquals(0, attached.size());
    }

    @Test
    public void manyWritersReachOneReader() {
        Ring ring = manager.create(creator, "jobs", 4096).resource(creator);
        Ring second = manager.attach(peer, "jobs").resource(peer);
        Ring thirdRing = manager.attach(third, "jobs").resource(third);

        assertTrue(second.write(1, text("from peer")));
        assertTrue(thirdRing.write(2, text("from third")));

        List<String> seen = new ArrayList<>();
        ring.read((type, message) -> seen.add(type + ":" + UTF_8.decode(message)));
        assertEquals(List.of("1:from peer", "2:from third"), seen);
    }

    @Test
    public void fullRingRefusesWithoutBlocking() {
        Ring ring = manager.create(creator, "small", 1024).resource(creator);
        ByteBuffer message = ByteBuffer.allocate(ring.maxMessageLength());
        int written = 0;
        while (ring.write(1, message)) {
            written++;
        }
        assertTrue(written > 0);
        assertTrue(ring.tryClaim(1, ring.maxMessageLength()).isEmpty());
        assertEquals(written, ring.read((type, bytes) -> { }));
        assertTrue(ring.write(1, message));
    }

    @Test
    public void creatorCleanupUnmapsAndDeletesTheFile() {
        Lease<Ring> lease = manager.create(creator, "gone", 8192);
        Ring ring = lease.resource(creator);
        Path file = ring.file();
        assertTrue(Files.exists(file));
        assertEquals(1, RingFilesForTest.mappingsOf(file));

        CleanupStats stats = Handlers.of(manager).cleanup(creator);

        assertEquals(CleanupStats.freed(1, RingLayout.fileLength(8192)), stats);
        assertEquals(0, RingFilesForTest.mappingsOf(file));
        assertFalse(Files.exists(file));
        assertFalse(Handlers.of(manager).hasResources(creator));
        assertTrue(ring.isClosed());
        assertThrows(IllegalStateException.class, () -> ring.write(1, text("late")));
    }

    @Test
    public void peerSeesAClosedRingNotACrashAfterTheCreatorEnds() {
        manager.create(creator, "shared", 4096);
        Ring attached = manager.attach(peer, "shared").resource(peer);
        Path file = attached.file();
        assertEquals(2, RingFilesForTest.mappingsOf(file));

        Handlers.of(manager).cleanup(creator);

        assertTrue(attached.isClosed());
        RingClosedException e = assertThrows(RingClosedException.class, () -> attached.write(1, text("hello")));
        assertEquals("zerocopy ring 'shared' was closed by its creator", e.getMessage());
        assertThrows(RingClosedException.class, () -> attached.read((type, message) -> { }));
        assertThrows(RingClosedException.class, () -> attached.tryClaim(1, 8));
        assertThrows(IllegalArgumentException.class, () -> manager.attach(third, "shared"));
        assertEquals("the peer keeps its own view until it lets go", 1, RingFilesForTest.mappingsOf(file));

        assertEquals(CleanupStats.freed(1, attached.mappedBytes()), Handlers.of(manager).cleanup(peer));
        assertEquals(0, RingFilesForTest.mappingsOf(file));
    }

    @Test
    public void peerLettingGoLeavesTheRingToTheOthers() {
        Ring ring = manager.create(creator, "stay", 4096).resource(creator);
        Lease<Ring> peerLease = manager.attach(peer, "stay");

        assertEquals(peerLease.resource(peer).mappedBytes(), manager.release(peer, peerLease));

        assertTrue(Files.exists(ring.file()));
        assertEquals(1, RingFilesForTest.mappingsOf(ring.file()));
        assertTrue(ring.write(1, text("still open")));
        assertFalse(ring.isClosed());
    }

    @Test
    public void claimLeftOpenByAnEndingPidIsAbortedSoTheReaderMovesOn() {
        Ring ring = manager.create(creator, "claims", 4096).resource(creator);
        Ring attached = manager.attach(peer, "claims").resource(peer);
        attached.tryClaim(1, 16).orElseThrow();

        Handlers.of(manager).cleanup(peer);
        assertTrue(ring.write(2, text("after")));

        List<Integer> types = new ArrayList<>();
        ring.read((type, message) -> types.add(type));
        assertEquals(List.of(2), types);
    }

    @Test
    public void releaseFromInsideTheReadHandlerHappensWhenTheReadReturns() {
        Lease<Ring> lease = manager.create(creator, "inside", 4096);
        Ring ring = lease.resource(creator);
        ring.write(1, text("one"));

        ring.read((type, message) -> manager.release(creator, lease));

        assertTrue(ring.isClosed());
        assertFalse(Files.exists(ring.file()));
        assertEquals(0, RingFilesForTest.mappingsOf(ring.file()));
    }

    @Test
    public void deactivationReleasesTheRingsOfEveryPid() {
        Path first = manager.create(creator, "a", 4096).resource(creator).file();
        Path second = manager.create(peer, "b", 4096).resource(peer).file();
        manager.attach(third, "a");

        manager.deactivate();

        assertFalse(Files.exists(first));
        assertFalse(Files.exists(second));
        assertEquals(0, RingFilesForTest.mappingsOf(first) + RingFilesForTest.mappingsOf(second));
        assertThrows(IllegalStateException.class, () -> manager.create(creator, "c", 4096));
    }

    @Test
    public void badInputGetsOneClearException() {
        assertEquals("a ring name is 1 to 100 letters, digits, '.', '_' or '-', not starting with '.', got '../x'",
                assertThrows(IllegalArgumentException.class, () -> manager.create(creator, "../x", 4096)).getMessage());
        assertEquals("a ring's capacity is a power of two from 1024 to 1073741824 bytes, got 3000",
                assertThrows(IllegalArgumentException.class, () -> manager.create(creator, "x", 3000)).getMessage());
        assertEquals("no zerocopy ring named 'nothing' in " + folder.getRoot().toPath(),
                assertThrows(IllegalArgumentException.class, () -> manager.attach(peer, "nothing")).getMessage());

        Lease<Ring> lease = manager.create(creator, "x", 4096);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> manager.create(peer, "x", 4096))
                .getMessage().startsWith("a zerocopy ring named 'x' already exists"));
        assertThrows(WrongOwnerException.class, () -> lease.resource(peer));
        assertThrows(WrongOwnerException.class, () -> manager.release(peer, lease));
        Ring ring = lease.resource(creator);
        assertThrows(IllegalArgumentException.class, () -> ring.write(0, text("no type")));
        assertThrows(IllegalArgumentException.class, () -> ring.tryClaim(1, ring.maxMessageLength() + 1));
        assertTrue(Files.exists(ring.file()));
        assertFalse(ring.isClosed());
    }

    @Test
    public void terminatingPidGetsNoRingAndLeavesNoFile() throws Exception {
        states.put(creator, ProcessState.TERMINATING);

        assertThrows(ProcessNotRunningException.class, () -> manager.create(creator, "late", 4096));

        try (var files = Files.list(folder.getRoot().toPath())) {
            assertEquals(0, files.count());
        }
    }

    @Test
    public void defaultDirectoryIsSharedMemoryWherePresent() {
        Path expected = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        assertEquals(expected, RingFiles.defaultDirectory());
    }

    private static ByteBuffer text(String text) {
        return ByteBuffer.wrap(text.getBytes(UTF_8));
    }
}
