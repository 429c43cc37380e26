package io.reclaim.zerocopy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.zerocopy.ZeroCopyManager;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: a real ring of the smallest capacity, deleted with the pid. */
public class ZeroCopySampleTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(7);
    private ZeroCopyManagerImpl manager;

    @Before
    public void setUp() {
        states.put(pid, ProcessState.RUNNING);
        manager = new ZeroCopyManagerImpl(states::get, folder.getRoot().toPath());
    }

    @After
    public void tearDown() {
        manager.deactivate();
    }

    @Test
    public void samplesAreRealRingsWithNamesOfTheirOwnDeletedWithThePid() throws Exception {
        long fileLength = RingLayout.fileLength(ZeroCopyManager.MIN_CAPACITY);

        assertTrue(Handlers.of(manager).sample(pid));
        assertTrue(Handlers.of(manager).sample(pid));

        List<Path> rings = ringFiles();
        assertEquals("two ring files of different names: " + rings, 2, rings.size());
        for (Path ring : rings) {
            assertTrue(ring.getFileName().toString().startsWith(RingFiles.PREFIX + ZeroCopyManagerImpl.SAMPLE_PREFIX));
            assertEquals(fileLength, Files.size(ring));
            assertEquals("mapped: " + ring, 1, RingFilesForTest.mappingsOf(ring));
        }
        assertEquals(new ResourceUsage(2, 2 * fileLength), Handlers.of(manager).usage(pid));

        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(CleanupStats.freed(2, 2 * fileLength), stats);
        for (Path ring : rings) {
            assertEquals("unmapped: " + ring, 0, RingFilesForTest.mappingsOf(ring));
        }
        assertEquals("the ring files are deleted", List.of(), ringFiles());
        assertFalse(Handlers.of(manager).hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireCreatesNoRing() throws Exception {
        states.put(pid, ProcessState.TERMINATING);

        assertThrows(ProcessNotRunningException.class, () -> Handlers.of(manager).sample(pid));

        assertEquals(List.of(), ringFiles());
        assertFalse(Handlers.of(manager).hasResources(pid));
    }

    private List<Path> ringFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder.getRoot().toPath())) {
            return files.collect(Collectors.toList());
        }
    }
}
