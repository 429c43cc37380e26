package io.reclaim.memory.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.Pin;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.DirectPool;
import io.reclaim.memory.MemoryManager;
import io.reclaim.api.ledger.Handlers;

/** DESIGN rule 11 with real direct memory: a pinned allocation outlives its cleanup in quarantine. */
public class PinnedAllocationTest {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final MemoryManagerImpl manager = new MemoryManagerImpl(states::get, MemoryManager.DEFAULT_QUOTA_BYTES,
            pid -> OptionalLong.empty());

    @After
    public void close() {
        manager.shutdown();
    }

    @Test
    public void aPinnedAllocationIsQuarantinedByTheCleanupAndFreedWhenItsPinCloses() {
        manager.pinWait(Duration.ofMillis(50));
        Pid pid = Pid.of(1);
        states.put(pid, ProcessState.RUNNING);
        DirectPool before = DirectPool.now();
        Lease<Allocation> pinned = manager.allocate(pid, 1 << 20);
        manager.allocate(pid, 4096);
        Pin pin = pinned.resource(pid).pin();
        states.put(pid, ProcessState.TERMINATING);

        assertTrue(Handlers.of(manager).cleanupMayBlock(pid));
        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(1, stats.resourcesFreed());
        assertEquals(4096, stats.bytesFreed());
        assertEquals(1, stats.resourcesQuarantined());
        assertEquals(1 << 20, stats.bytesQuarantined());
        assertFalse(stats.hasErrors());
        assertFalse(Handlers.of(manager).hasResources(pid));
        assertEquals(before.plus(1, 1 << 20), DirectPool.now());
        assertEquals(1 << 20, Handlers.of(manager).totals().bytesQuarantined());
        assertEquals(1 << 20, manager.used(pid)); // still counted against the quota until freed
        pin.buffer().putLong((1 << 20) - 8, 42L); // the memory is still there for the code that pins it

        pin.close();

        assertEquals(before, DirectPool.now());
        assertEquals(0, Handlers.of(manager).totals().bytesQuarantined());
        assertEquals(0, manager.used(pid));
        assertThrows(IllegalStateException.class, () -> pinned.resource(pid));
    }

    @Test
    public void anOwnerFreeWaitsForThePinOfAnotherThread() throws Exception {
        manager.pinWait(Duration.ofSeconds(30));
        Pid pid = Pid.of(2);
        states.put(pid, ProcessState.RUNNING);
        Lease<Allocation> block = manager.allocate(pid, 8192);
        Pin pin = block.resource(pid).pin();
        Thread user = new Thread(() -> {
            for (int i = 0; i < 1000; i++) {
                pin.buffer().putInt(0, i);
            }
            pin.close();
        });
        DirectPool before = DirectPool.now();
        user.start();

        assertEquals(8192, manager.free(pid, block));

        user.join();
        assertEquals(before.plus(-1, -8192), DirectPool.now());
        assertEquals(0, Handlers.of(manager).totals().bytesQuarantined());
    }

    @Test
    public void stoppingTheManagerQuarantinesWhatIsPinnedInsteadOfFreeingIt() {
        manager.pinWait(Duration.ZERO);
        Pid pid = Pid.of(3);
        states.put(pid, ProcessState.RUNNING);
        DirectPool before = DirectPool.now();
        Allocation block = manager.allocate(pid, 65536).resource(pid);
        Pin pin = block.pin();

        CleanupStats stats = manager.shutdown();

        assertEquals(1, stats.resourcesQuarantined());
        assertEquals(before.plus(1, 65536), DirectPool.now());
        assertFalse(block.isAllocated());
        pin.buffer().put(65535, (byte) 1);
        pin.close();
        assertEquals(before, DirectPool.now());
    }
}
