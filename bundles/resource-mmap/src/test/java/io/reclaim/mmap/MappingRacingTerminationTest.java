package io.reclaim.mmap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;

/** DESIGN rule 2 with real mappings: nothing stays mapped for a pid whose cleanup has run. */
public class MappingRacingTerminationTest {

    private static final int MAPPERS = 2;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final CloseableMmapManager manager = MmapManager.create(states::get);
    private final ExecutorService pool = Executors.newFixedThreadPool(MAPPERS);

    @After
    public void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        manager.shutdown();
    }

    @Test
    public void mappingsRacingTerminationAreUnmappedOrRefused() throws Exception {
        Path file = folder.newFile().toPath();
        Files.write(file, new byte[4096]);
        Pid pid = Pid.of(1);
        states.put(pid, ProcessState.RUNNING);
        AtomicLong mapped = new AtomicLong();
        CountDownLatch running = new CountDownLatch(MAPPERS);
        List<Future<?>> mappers = new ArrayList<>();
        for (int i = 0; i < MAPPERS; i++) {
            mappers.add(pool.submit(() -> mapUntilRefused(pid, file, mapped, running)));
        }
        assertTrue(running.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (mapped.get() < 50 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue("the mappers got going", mapped.get() >= 50);

        states.put(pid, ProcessState.TERMINATING);
        CleanupStats stats = manager.cleanupHandler().cleanup(pid);
        for (Future<?> mapper : mappers) {
            mapper.get(10, TimeUnit.SECONDS);
        }

        assertFalse(stats.hasErrors());
        assertTrue(stats.resourcesFreed() > 0);
        assertFalse(manager.cleanupHandler().hasResources(pid));
        assertEquals("nothing of the file stays mapped", 0, OsView.mappedRegionsOf(file));
    }

    private Void mapUntilRefused(Pid pid, Path file, AtomicLong mapped, CountDownLatch running) throws IOException {
        running.countDown();
        try {
            for (;;) {
                manager.map(pid, file, MapAccess.READ_ONLY);
                mapped.incrementAndGet();
            }
        } catch (ProcessNotRunningException expected) {
            return null;
        }
    }
}
