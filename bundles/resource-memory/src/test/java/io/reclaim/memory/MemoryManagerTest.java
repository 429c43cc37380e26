package io.reclaim.memory;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;

public class MemoryManagerTest {

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid owner = Pid.of(1);
    private final Pid other = Pid.of(2);
    private CloseableMemoryManager manager;

    @Before
    public void setUp() {
        states.put(owner, ProcessState.RUNNING);
        states.put(other, ProcessState.RUNNING);
        manager = MemoryManager.create(states::get, MemoryManager.DEFAULT_QUOTA_BYTES);
    }

    @After
    public void tearDown() {
        manager.shutdown();
    }

    @Test
    public void allocationsAreFreedAtOnceWhenTheProcessIsCleanedUp() {
        DirectPool before = DirectPool.now();

        manager.allocate(owner, 1000);
        Lease<Allocation> page = manager.allocate(owner, 4096);
        manager.allocate(owner, 1);
        page.resource(owner).buffer().putLong(4088, 42L);

        assertEquals(before.plus(3, 5097), DirectPool.now());
        assertEquals(5097, manager.used(owner));
        assertEquals(new ResourceUsage(3, 5097), manager.cleanupHandler().usage(owner));

        CleanupStats stats = manager.cleanupHandler().cleanup(owner);

        assertEquals(CleanupStats.freed(3, 5097), stats);
        assertEquals("the direct pool is back where it was", before, DirectPool.now());
        assertEquals(0, manager.used(owner));
        assertFalse(manager.cleanupHandler().hasResources(owner));
        assertFalse(page.isHeld());
    }

    @Test
    public void anAllocationIsZeroedDirectMemoryOfTheRequestedSize() {
        Allocation allocation = manager.allocate(owner, 100).resource(owner);

        assertEquals(100, allocation.size());
        assertTrue(allocation.buffer().isDirect());
        assertEquals(100, allocation.buffer().capacity());
        for (int i = 0; i < 100; i++) {
            assertEquals(0, allocation.buffer().get(i));
        }
    }

    @Test
    public void freeByTheOwnerReturnsTheMemoryAtOnceAndOnlyOnce() {
        DirectPool before = DirectPool.now();
        Lease<Allocation> lease = manager.allocate(owner, 8192);
        Allocation allocation = lease.resource(owner);

        assertEquals(8192, manager.free(owner, lease));

        assertEquals(before, DirectPool.now());
        assertEquals(0, manager.used(owner));
        assertFalse(allocation.isAllocated());
        assertRefused(IllegalStateException.class, "already released", () -> manager.free(owner, lease));
        assertRefused(IllegalStateException.class, "already released", () -> lease.resource(owner));
        assertRefused(IllegalStateException.class, "already freed", allocation::buffer);
        assertEquals(CleanupStats.NONE, manager.cleanupHandler().cleanup(owner));
        assertEquals(before, DirectPool.now());
    }

    @Test
    public void anotherPidCanNeitherUseNorFreeAnAllocation() {
        Lease<Allocation> lease = manager.allocate(owner, 512);
        DirectPool allocated = DirectPool.now();

        assertRefused(WrongOwnerException.class, "belongs to pid 1, not to pid 2", () -> lease.resource(other));
        assertRefused(WrongOwnerException.class, "belongs to pid 1, not to pid 2", () -> manager.free(other, lease));
        assertEquals(CleanupStats.NONE, manager.cleanupHandler().cleanup(other));

        assertEquals(allocated, DirectPool.now());
        assertEquals(512, manager.used(owner));
        assertTrue(lease.isHeld());
        lease.resource(owner).buffer().put(511, (byte) 1);
    }

    @Test
    public void sizesThatAreNotPositiveAreRefused() {
        DirectPool before = DirectPool.now();

        assertRefused(IllegalArgumentException.class, "pid 1 cannot allocate 0 bytes: the size must be positive",
                () -> manager.allocate(owner, 0));
        assertRefused(IllegalArgumentException.class, "pid 1 cannot allocate -4096 bytes",
                () -> manager.allocate(owner, -4096));

        assertEquals(before, DirectPool.now());
        assertFalse(manager.cleanupHandler().hasResources(owner));
        assertEquals(0, manager.used(owner));
    }

    @Test
    public void theQuotaIsEnforcedWithAMessageNamingPidRequestUseAndQuota() {
        CloseableMemoryManager small = MemoryManager.create(states::get, 10_000);
        try {
            DirectPool before = DirectPool.now();
            Lease<Allocation> first = small.allocate(owner, 6000);

            MemoryQuotaExceededException refused = assertThrows(MemoryQuotaExceededException.class,
                    () -> small.allocate(owner, 5000));

            assertEquals("pid 1 cannot allocate 5000 bytes: it holds 6000 of its 10000-byte quota", refused.getMessage());
            assertEquals(owner, refused.pid());
            assertEquals(5000, refused.requested());
            assertEquals(6000, refused.used());
            assertEquals(10_000, refused.quota());
            assertEquals("nothing was allocated for the refused request", before.plus(1, 6000), DirectPool.now());

            small.allocate(owner, 4000);
            assertEquals(10_000, small.used(owner));
            assertThrows(MemoryQuotaExceededException.class, () -> small.allocate(owner, 1));
            small.allocate(other, 10_000);

            small.free(owner, first);
            small.allocate(owner, 5000);
            assertEquals(9000, small.used(owner));
        } finally {
            small.shutdown();
        }
    }

    @Test
    public void aProcessesOwnQuotaOverridesTheDefault() {
        Map<Pid, Long> own = Map.of(owner, 2000L);
        CloseableMemoryManager quoted = MemoryManager.create(states::get, 1000,
                pid -> own.containsKey(pid) ? OptionalLong.of(own.get(pid)) : OptionalLong.empty());
        try {
            assertEquals(2000, quoted.quota(owner));
            assertEquals(1000, quoted.quota(other));

            quoted.allocate(owner, 2000);
            assertRefused(MemoryQuotaExceededException.class, "of its 1000-byte quota",
                    () -> quoted.allocate(other, 1001));
            assertRefused(MemoryQuotaExceededException.class, "of its 2000-byte quota",
                    () -> quoted.allocate(owner, 1));
        } finally {
            quoted.shutdown();
        }
    }

    @Test
    public void aQuotaOfZeroAllowsNothing() {
        CloseableMemoryManager none = MemoryManager.create(states::get, 0);
        try {
            assertRefused(MemoryQuotaExceededException.class, "holds 0 of its 0-byte quota", () -> none.allocate(owner, 1));
            assertFalse(none.cleanupHandler().hasResources(owner));
        } finally {
            none.shutdown();
        }
    }

    @Test
    public void aNegativeDefaultQuotaIsRefused() {
        assertRefused(IllegalArgumentException.class, "must be 0 bytes or more, got -1",
                () -> MemoryManager.create(states::get, -1));
    }

    @Test
    public void theQuotaPropertyOfASpecIsReadAsBytes() {
        ProcessSpec spec = ProcessSpec.named("worker");

        assertEquals(OptionalLong.empty(), MemoryManager.quotaOf(spec));
        assertEquals(OptionalLong.of(4096), MemoryManager.quotaOf(spec.withProperty("memory.quota", "4096")));
        assertEquals(OptionalLong.of(0), MemoryManager.quotaOf(spec.withProperty("memory.quota", " 0 ")));
        assertRefused(IllegalArgumentException.class, "process 'worker' has memory.quota '64m': expected a number of bytes",
                () -> MemoryManager.quotaOf(spec.withProperty("memory.quota", "64m")));
        assertRefused(IllegalArgumentException.class, "memory.quota '-1'",
                () -> MemoryManager.quotaOf(spec.withProperty("memory.quota", "-1")));
    }

    @Test
    public void aProcessThatIsNotRunningCannotAllocate() {
        DirectPool before = DirectPool.now();
        states.put(owner, ProcessState.TERMINATING);

        assertRefused(ProcessNotRunningException.class, "pid 1 is TERMINATING", () -> manager.allocate(owner, 64));
        assertRefused(ProcessNotRunningException.class, "no process with pid 3", () -> manager.allocate(Pid.of(3), 64));

        assertEquals(before, DirectPool.now());
        assertFalse(manager.cleanupHandler().hasResources(owner));
        assertEquals(0, manager.used(owner));
    }

    @Test
    public void cleanupFreesOnlyThatProcessesMemory() {
        DirectPool before = DirectPool.now();
        manager.allocate(owner, 100);
        manager.allocate(owner, 200);
        manager.allocate(other, 400);

        assertEquals(CleanupStats.freed(2, 300), manager.cleanupHandler().cleanup(owner));

        assertEquals(before.plus(1, 400), DirectPool.now());
        assertEquals(0, manager.used(owner));
        assertEquals(400, manager.used(other));
        assertTrue(manager.cleanupHandler().hasResources(other));
    }

    @Test
    public void closeFreesEveryPidsMemoryAndRefusesLaterAllocations() {
        DirectPool before = DirectPool.now();
        manager.allocate(owner, 1024);
        manager.allocate(other, 2048);
        manager.allocate(other, 4096);

        CleanupStats stats = manager.shutdown();

        assertEquals(CleanupStats.freed(3, 7168), stats);
        assertEquals(before, DirectPool.now());
        assertEquals(0, manager.used(owner));
        assertEquals(0, manager.used(other));
        assertRefused(IllegalStateException.class, "memory is stopped", () -> manager.allocate(owner, 1));
        assertEquals(before, DirectPool.now());
    }

    @Test
    public void theManagerNamesItsType() {
        assertEquals("memory", manager.cleanupHandler().resourceType());
    }

    private static void assertRefused(Class<? extends Throwable> type, String message, ThrowingRunnable call) {
        Throwable thrown = assertThrows(type, call);
        assertThat(thrown.getMessage(), containsString(message));
    }
}
