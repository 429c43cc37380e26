package io.reclaim.memory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;

/** Quota and ownership under concurrent allocation. */
public class ConcurrentAllocationTest {

    private static final int THREADS = 4;
    private static final int BLOCK = 1000;

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private CloseableMemoryManager manager;

    @After
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        if (manager != null) {
            manager.shutdown();
        }
    }

    @Test
    public void concurrentAllocationsNeverPassTheQuotaTogether() throws Exception {
        Pid pid = Pid.of(1);
        states.put(pid, ProcessState.RUNNING);
        manager = MemoryManager.create(states::get, 64 * BLOCK);
        DirectPool before = DirectPool.now();
        AtomicLong refused = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);

        List<Callable<List<Lease<Allocation>>>> allocators = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            allocators.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                List<Lease<Allocation>> granted = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    try {
                        granted.add(manager.allocate(pid, BLOCK));
                    } catch (MemoryQuotaExceededException expected) {
                        refused.incrementAndGet();
                    }
                }
                return granted;
            });
        }
        List<Future<List<Lease<Allocation>>>> results = submitAll(allocators);
        start.countDown();
        List<List<Lease<Allocation>>> grants = new ArrayList<>();
        for (Future<List<Lease<Allocation>>> result : results) {
            grants.add(result.get(30, TimeUnit.SECONDS));
        }

        assertEquals(64, grants.stream().mapToInt(List::size).sum());
        assertEquals(4 * 40 - 64, refused.get());
        assertEquals(64 * BLOCK, manager.used(pid));
        assertEquals(before.plus(64, 64 * BLOCK), DirectPool.now());

        List<Callable<Long>> freers = new ArrayList<>();
        for (List<Lease<Allocation>> granted : grants) {
            freers.add(() -> granted.stream().mapToLong(lease -> manager.free(pid, lease)).sum());
        }
        long freed = 0;
        for (Future<Long> result : submitAll(freers)) {
            freed += result.get(30, TimeUnit.SECONDS);
        }

        assertEquals(64 * BLOCK, freed);
        assertEquals(0, manager.used(pid));
        assertEquals(before, DirectPool.now());
    }

    private <T> List<Future<T>> submitAll(List<Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>();
        tasks.forEach(task -> futures.add(pool.submit(task)));
        return futures;
    }
}
