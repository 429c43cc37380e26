package io.reclaim.mmap.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.ledger.Handlers;

/** The sample a self-test asks for: a real 4 KiB shared mapping of a file already deleted. */
public class MmapSampleTest {

    private static final Path TMPDIR = Path.of(System.getProperty("java.io.tmpdir"));

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(7);
    private MmapManagerImpl manager;

    @Before
    public void setUp() {
        states.put(pid, ProcessState.RUNNING);
        manager = new MmapManagerImpl(states::get);
    }

    @After
    public void tearDown() {
        manager.shutdown();
    }

    @Test
    public void sampleIsARealSharedMappingUnmappedWithThePidAndLeavesNoFile() throws Exception {
        BufferPoolMXBean pool = mappedPool();
        long countBefore = pool.getCount();
        long bytesBefore = pool.getMemoryUsed();
        assertEquals(List.of(), sampleMappings());

        assertTrue(Handlers.of(manager).sample(pid));

        List<String> mapped = sampleMappings();
        assertEquals("one region is mapped: " + mapped, 1, mapped.size());
        String region = mapped.get(0);
        assertEquals("4 KiB: " + region, 4096, regionLength(region));
        assertTrue("shared and writable: " + region, region.split("\\s+")[1].startsWith("rw-s"));
        assertTrue("its file is already deleted: " + region, region.endsWith(" (deleted)"));
        assertEquals(List.of(), sampleFiles());
        assertEquals(countBefore + 1, pool.getCount());
        assertEquals(bytesBefore + 4096, pool.getMemoryUsed());
        assertEquals(new ResourceUsage(1, 4096), Handlers.of(manager).usage(pid));

        CleanupStats stats = Handlers.of(manager).cleanup(pid);

        assertEquals(CleanupStats.freed(1, 4096), stats);
        assertEquals("the region is unmapped", List.of(), sampleMappings());
        assertEquals(countBefore, pool.getCount());
        assertEquals(bytesBefore, pool.getMemoryUsed());
        assertEquals(List.of(), sampleFiles());
        assertFalse(Handlers.of(manager).hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireMapsNothingAndLeavesNoFile() throws Exception {
        states.put(pid, ProcessState.TERMINATING);

        assertThrows(ProcessNotRunningException.class, () -> Handlers.of(manager).sample(pid));

        assertEquals(List.of(), sampleMappings());
        assertEquals(List.of(), sampleFiles());
        assertFalse(Handlers.of(manager).hasResources(pid));
    }

    /** The lines of {@code /proc/self/maps} that map a sample file of the pid. */
    private List<String> sampleMappings() throws IOException {
        String name = "/" + MmapManagerImpl.SAMPLE_PREFIX + pid.value() + "-";
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(line -> line.contains(name)).collect(Collectors.toList());
        }
    }

    private List<Path> sampleFiles() throws IOException {
        String prefix = MmapManagerImpl.SAMPLE_PREFIX + pid.value() + "-";
        try (Stream<Path> entries = Files.list(TMPDIR)) {
            return entries.filter(entry -> entry.getFileName().toString().startsWith(prefix)).collect(Collectors.toList());
        }
    }

    /** @return the length of a {@code /proc/self/maps} line's address range, {@code start-end} in hex */
    private static long regionLength(String line) {
        String[] range = line.split("\\s+")[0].split("-");
        return Long.parseUnsignedLong(range[1], 16) - Long.parseUnsignedLong(range[0], 16);
    }

    private static BufferPoolMXBean mappedPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("mapped"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the JVM reports no 'mapped' buffer pool"));
    }
}
