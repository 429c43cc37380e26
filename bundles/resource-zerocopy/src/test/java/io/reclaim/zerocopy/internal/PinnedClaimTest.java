package io.reclaim.zerocopy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Pin;
import io.reclaim.zerocopy.Claim;
import io.reclaim.zerocopy.Ring;
import io.reclaim.api.ledger.Handlers;

/** DESIGN rule 11 with a real ring file: a claim being filled keeps the mapping, in quarantine, past the cleanup. */
public class PinnedClaimTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private ZeroCopyManagerImpl manager;

    @After
    public void tearDown() {
        manager.deactivate();
    }

    @Test
    public void aPinnedClaimKeepsTheRingMappedInQuarantineUntilItsPinCloses() throws Exception {
        manager = new ZeroCopyManagerImpl(states::get, folder.getRoot().toPath());
        manager.pinWait(Duration.ofMillis(50));
        Pid pid = Pid.of(1);
        states.put(pid, ProcessState.RUNNING);
        Ring ring = manager.create(pid, "pinned", 4096).resource(pid);
        String file = ring.file().toString();
        long bytes = ring.mappedBytes();
        Claim claim = ring.tryClaim(1, 64).orElseThrow();
        Pin pin = claim.pin();
        states.put(pid, ProcessState.TERMINATING);

        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(1, stats.resourcesQuarantined());
        assertEquals(bytes, stats.bytesQuarantined());
        assertFalse(stats.hasErrors());
        assertFalse(Files.exists(ring.file())); // the file goes now; the pages stay mapped
        assertEquals(1, mappingsOf(file));
        assertEquals(bytes, Handlers.of(manager).totals().bytesQuarantined());
        pin.buffer().putLong(56, 42L);
        assertThrows(IllegalStateException.class, claim::pin);

        pin.close();

        assertEquals(0, mappingsOf(file));
        assertEquals(0, Handlers.of(manager).totals().bytesQuarantined());
        assertTrue(ring.isClosed());
    }

    private static long mappingsOf(String file) throws Exception {
        return Files.readAllLines(Paths.get("/proc/self/maps")).stream().filter(l -> l.contains(file)).count();
    }
}
