package io.reclaim.memory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;

/** The sample a self-test asks for: 4 KiB of real direct memory, under the quota, freed with the pid. */
public class MemorySampleTest {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(7);
    private final Pid small = Pid.of(8);
    private final CloseableMemoryManager manager = MemoryManager.create(states::get, MemoryManager.DEFAULT_QUOTA_BYTES,
            p -> p.equals(small) ? OptionalLong.of(4095) : OptionalLong.empty());

    @After
    public void tearDown() {
        manager.shutdown();
    }

    @Test
    public void sampleIsRealDirectMemoryFreedWithThePid() throws Exception {
        states.put(pid, ProcessState.RUNNING);
        DirectPool before = DirectPool.now();

        assertTrue(manager.cleanupHandler().sample(pid));

        assertEquals(before.plus(1, 4096), DirectPool.now());
        assertEquals(4096, manager.used(pid));
        assertEquals(new ResourceUsage(1, 4096), manager.cleanupHandler().usage(pid));

        CleanupStats stats = manager.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, 4096), stats);
        assertEquals("the direct pool is back where it was", before, DirectPool.now());
        assertEquals(0, manager.used(pid));
        assertFalse(manager.cleanupHandler().hasResources(pid));
    }

    @Test
    public void sampleIsHeldToTheQuotaAndTheGate() {
        states.put(small, ProcessState.RUNNING);
        states.put(pid, ProcessState.TERMINATING);
        DirectPool before = DirectPool.now();

        assertThrows(MemoryQuotaExceededException.class, () -> manager.cleanupHandler().sample(small));
        assertThrows(ProcessNotRunningException.class, () -> manager.cleanupHandler().sample(pid));

        assertEquals(before, DirectPool.now());
        assertFalse(manager.cleanupHandler().hasResources(small));
        assertFalse(manager.cleanupHandler().hasResources(pid));
    }
}
