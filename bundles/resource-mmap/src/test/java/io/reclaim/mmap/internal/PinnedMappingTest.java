package io.reclaim.mmap.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.Pin;
import io.reclaim.mmap.MapAccess;
import io.reclaim.mmap.MappedRegion;
import io.reclaim.api.ledger.Handlers;

/** DESIGN rule 11 with a real shared mapping: a pinned region stays mapped in quarantine after its cleanup. */
public class PinnedMappingTest {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final MmapManagerImpl manager = new MmapManagerImpl(states::get);
    private Path file;

    @After
    public void tearDown() throws Exception {
        manager.shutdown();
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    public void aPinnedSharedMappingIsQuarantinedThenSyncedAndUnmappedWhenItsPinCloses() throws Exception {
        manager.pinWait(Duration.ofMillis(50));
        file = Files.createTempFile("pinned-", ".map");
        Pid pid = Pid.of(1);
        states.put(pid, ProcessState.RUNNING);
        Lease<MappedRegion> lease = manager.map(pid, file, MapAccess.SHARED, 0, 65536);
        Pin pin = lease.resource(pid).pin();
        states.put(pid, ProcessState.TERMINATING);

        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(0, stats.resourcesFreed());
        assertEquals(1, stats.resourcesQuarantined());
        assertEquals(65536, stats.bytesQuarantined());
        assertFalse(Handlers.of(manager).hasResources(pid));
        assertEquals(1, mapped(file));
        assertEquals(65536, Handlers.of(manager).totals().bytesQuarantined());
        ((MappedByteBuffer) pin.buffer()).putLong(65528, 0x0102030405060708L);

        pin.close();

        assertEquals(0, mapped(file));
        assertEquals(0, Handlers.of(manager).totals().bytesQuarantined());
        assertEquals(0x01, Files.readAllBytes(file)[65528]); // the write reached the file (big-endian)
        assertThrows(IllegalStateException.class, () -> lease.resource(pid));
    }

    private static long mapped(Path file) throws Exception {
        String path = file.toRealPath().toString();
        return Files.readAllLines(Paths.get("/proc/self/maps")).stream().filter(l -> l.endsWith(" " + path)).count();
    }

    @Test
    public void aPinnedPrivateMappingMakesTheCleanupSayItMayBlock() throws Exception {
        file = Files.createTempFile("pinned-", ".map");
        Files.write(file, new byte[8192]);
        Pid pid = Pid.of(2);
        states.put(pid, ProcessState.RUNNING);
        Lease<MappedRegion> lease = manager.map(pid, file, MapAccess.PRIVATE);
        assertFalse(Handlers.of(manager).cleanupMayBlock(pid));

        try (Pin pin = lease.resource(pid).pin()) {
            assertTrue(Handlers.of(manager).cleanupMayBlock(pid));
        }
        assertFalse(Handlers.of(manager).cleanupMayBlock(pid));
    }
}
