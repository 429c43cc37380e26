package io.reclaim.memory.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.DirectPool;
import io.reclaim.memory.MemoryManager;
import io.reclaim.api.ledger.Handlers;

/**
 * DESIGN rule 2 with real direct memory: allocations racing a termination are either freed by the
 * cleanup or refused, the direct pool returns exactly to where it was, and no quota account is
 * left behind for the terminated pid.
 */
public class AllocationRacingTerminationTest {

    private static final int THREADS = 3;

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private final MemoryManagerImpl manager = new MemoryManagerImpl(states::get, MemoryManager.DEFAULT_QUOTA_BYTES,
            pid -> OptionalLong.empty());

    @After
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        manager.shutdown();
    }

    @Test
    public void allocationsRacingTerminationAreFreedOrRefusedAndLeaveNoAccount() throws Exception {
        DirectPool before = DirectPool.now();
        for (long p = 1; p <= 10; p++) {
            Pid pid = Pid.of(p);
            states.put(pid, ProcessState.RUNNING);
            AtomicLong allocated = new AtomicLong();
            List<Future<?>> allocators = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                allocators.add(pool.submit(() -> allocateUntilRefused(pid, allocated)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (allocated.get() < 200 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue("the allocators got going", allocated.get() >= 200);

            states.put(pid, ProcessState.TERMINATING);
            CleanupStats stats = Handlers.of(manager).cleanup(pid);
            for (Future<?> allocator : allocators) {
                allocator.get(30, TimeUnit.SECONDS);
            }
            states.put(pid, ProcessState.TERMINATED);

            assertFalse(stats.hasErrors());
            assertFalse(Handlers.of(manager).hasResources(pid));
            assertEquals("pid " + pid + " holds nothing", 0, manager.used(pid));
            assertEquals("the direct pool is back where it was after pid " + pid, before, DirectPool.now());
            assertEquals("no account is left for pid " + pid, 0, manager.accounts().size());
        }
    }

    private Void allocateUntilRefused(Pid pid, AtomicLong allocated) {
        try {
            for (int i = 0;; i++) {
                Lease<Allocation> lease = manager.allocate(pid, 128);
                allocated.incrementAndGet();
                if (i % 2 == 0) {
                    try {
                        manager.free(pid, lease);
                    } catch (IllegalStateException takenByTheCleanup) {
                        // the sweep freed it first: the next allocation is refused
                    }
                }
            }
        } catch (ProcessNotRunningException expected) {
            return null;
        }
    }
}
