package io.reclaim.mmap;

import static org.hamcrest.CoreMatchers.containsString;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThat;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.testing.Descriptors;

public class MmapManagerTest {

    private static final int PAGE = 4096;

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final ConcurrentHashMap<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid owner = Pid.of(1);
    private final Pid other = Pid.of(2);
    private CloseableMmapManager manager;

    @Before
    public void setUp() {
        states.put(owner, ProcessState.RUNNING);
        states.put(other, ProcessState.RUNNING);
        manager = MmapManager.create(states::get);
    }

    @After
    public void tearDown() {
        manager.shutdown();
    }

    @Test
    public void onlyAPidHoldingASharedMappingMayBlockInItsCleanupBecauseThatMappingIsSyncedFirst() throws IOException {
        Path file = fileOf(2 * PAGE, (byte) 0);
        manager.map(owner, file, MapAccess.READ_ONLY, 0, PAGE);
        manager.map(owner, file, MapAccess.PRIVATE, 0, PAGE);
        manager.map(other, file, MapAccess.SHARED, 0, PAGE);

        assertFalse("read-only and private mappings write nothing back", manager.cleanupHandler().cleanupMayBlock(owner));
        assertTrue("a shared mapping is forced to disk before it is unmapped", manager.cleanupHandler().cleanupMayBlock(other));
        manager.cleanupHandler().cleanup(other);
        assertFalse(manager.cleanupHandler().cleanupMayBlock(other));
    }

    @Test
    public void sharedWritesReachTheFileAndTheRegionIsUnmappedWhenTheProcessIsCleanedUp() throws IOException {
        Path file = fileOf(2 * PAGE, (byte) 0);
        BufferPoolMXBean pool = OsView.mappedPool();
        long countBefore = pool.getCount();
        long bytesBefore = pool.getMemoryUsed();

        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.SHARED, 0, 2 * PAGE);
        lease.resource(owner).buffer().put(0, bytes("written through the mapping"));
        assertEquals(1, OsView.mappedRegionsOf(file));
        assertEquals(countBefore + 1, pool.getCount());
        assertEquals(bytesBefore + 2 * PAGE, pool.getMemoryUsed());

        CleanupStats stats = manager.cleanupHandler().cleanup(owner);

        assertEquals(CleanupStats.freed(1, 2 * PAGE), stats);
        assertEquals("no region of the file is mapped any more", 0, OsView.mappedRegionsOf(file));
        assertEquals(countBefore, pool.getCount());
        assertEquals(bytesBefore, pool.getMemoryUsed());
        assertEquals("written through the mapping", text(Files.readAllBytes(file), 27));
        assertFalse(lease.isHeld());
        assertFalse(manager.cleanupHandler().hasResources(owner));
    }

    @Test
    public void privateWritesNeverReachTheFile() throws IOException {
        Path file = fileOf(PAGE, (byte) 'x');
        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.PRIVATE, 0, PAGE);
        MappedByteBuffer buffer = lease.resource(owner).buffer();

        buffer.put(0, bytes("private"));
        assertEquals("the process sees its own write", "private", text(buffer, 7));
        assertEquals("xxxxxxx", text(Files.readAllBytes(file), 7));

        manager.cleanupHandler().cleanup(owner);

        assertEquals(0, OsView.mappedRegionsOf(file));
        byte[] expected = new byte[PAGE];
        Arrays.fill(expected, (byte) 'x');
        assertArrayEquals("the file is untouched", expected, Files.readAllBytes(file));
    }

    @Test
    public void aMappingHoldsNoFileDescriptor() throws IOException {
        Path file = fileOf(PAGE, (byte) 'r');
        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.READ_ONLY);

        assertEquals(1, OsView.mappedRegionsOf(file));
        assertEquals(0, Descriptors.under(file));
        assertEquals('r', lease.resource(owner).buffer().get(PAGE - 1));
    }

    @Test
    public void aRegionAtAnOffsetMapsThoseBytesAndCountsItsLength() throws IOException {
        Path file = folder.newFile().toPath();
        byte[] content = new byte[3 * PAGE];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Files.write(file, content);

        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.READ_ONLY, PAGE + 100, 1000);
        MappedRegion region = lease.resource(owner);

        assertEquals(1000, region.length());
        assertEquals(PAGE + 100, region.offset());
        assertEquals(file, region.file());
        assertEquals(MapAccess.READ_ONLY, region.access());
        assertEquals(content[PAGE + 100], region.buffer().get(0));
        assertEquals(content[PAGE + 1099], region.buffer().get(999));
        assertEquals(new ResourceUsage(1, 1000), manager.cleanupHandler().usage(owner));

        assertEquals(1000, manager.unmap(owner, lease));
        assertEquals(0, OsView.mappedRegionsOf(file));
    }

    @Test
    public void releaseByTheOwnerUnmapsAtOnceAndOnlyOnce() throws IOException {
        Path file = fileOf(PAGE, (byte) 0);
        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.SHARED, 0, PAGE);
        MappedRegion region = lease.resource(owner);
        region.buffer().put(0, (byte) 42);

        assertEquals(PAGE, manager.unmap(owner, lease));

        assertEquals(0, OsView.mappedRegionsOf(file));
        assertEquals(42, Files.readAllBytes(file)[0]);
        assertFalse(region.isMapped());
        assertRefused(IllegalStateException.class, "already released", () -> manager.unmap(owner, lease));
        assertRefused(IllegalStateException.class, "already released", () -> lease.resource(owner));
        assertRefused(IllegalStateException.class, "already unmapped", region::buffer);
        assertEquals(CleanupStats.NONE, manager.cleanupHandler().cleanup(owner));
    }

    @Test
    public void anotherPidCanNeitherUseNorUnmapARegion() throws IOException {
        Path file = fileOf(PAGE, (byte) 0);
        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.SHARED, 0, PAGE);

        assertRefused(WrongOwnerException.class, "belongs to pid 1, not to pid 2", () -> lease.resource(other));
        assertRefused(WrongOwnerException.class, "belongs to pid 1, not to pid 2", () -> manager.unmap(other, lease));
        assertEquals(CleanupStats.NONE, manager.cleanupHandler().cleanup(other));

        assertTrue(lease.isHeld());
        assertEquals(1, OsView.mappedRegionsOf(file));
        lease.resource(owner).buffer().put(0, (byte) 7);
    }

    @Test
    public void badRegionsAreRefusedWithOneClearMessageAndNothingIsMapped() throws IOException {
        Path file = fileOf(PAGE, (byte) 0);
        Path empty = folder.newFile().toPath();
        Path directory = folder.newFolder().toPath();
        Path missing = folder.getRoot().toPath().resolve("missing");
        assertRefused(IllegalArgumentException.class, "offset must not be negative",
                () -> manager.map(owner, file, MapAccess.READ_ONLY, -1, PAGE));
        assertRefused(IllegalArgumentException.class, "length must be positive",
                () -> manager.map(owner, file, MapAccess.READ_ONLY, 0, 0));
        assertRefused(IllegalArgumentException.class, "length must be positive",
                () -> manager.map(owner, file, MapAccess.SHARED, 0, -PAGE));
        assertRefused(IllegalArgumentException.class, "at most",
                () -> manager.map(owner, file, MapAccess.SHARED, 0, Integer.MAX_VALUE + 1L));
        assertRefused(IllegalArgumentException.class, "the file has only 4096 bytes",
                () -> manager.map(owner, file, MapAccess.READ_ONLY, 1, PAGE));
        assertRefused(IllegalArgumentException.class, "the file has only 4096 bytes",
                () -> manager.map(owner, file, MapAccess.PRIVATE, PAGE, 1));
        assertRefused(IllegalArgumentException.class, "the file is empty",
                () -> manager.map(owner, empty, MapAccess.READ_ONLY));
        assertRefused(IllegalArgumentException.class, "not a regular file",
                () -> manager.map(owner, directory, MapAccess.READ_ONLY, 0, PAGE));
        assertRefused(NoSuchFileException.class, "no such file to map",
                () -> manager.map(owner, missing, MapAccess.READ_ONLY, 0, PAGE));
        assertRefused(NoSuchFileException.class, "no such file to map",
                () -> manager.map(owner, missing, MapAccess.SHARED));

        assertFalse(manager.cleanupHandler().hasResources(owner));
        assertEquals(0, OsView.mappedRegionsOf(file));
        assertEquals("no descriptor of the test's files is left open", 0, Descriptors.under(folder.getRoot().toPath()));
        assertEquals(PAGE, Files.size(file));
    }

    @Test
    public void aSharedRegionPastTheEndGrowsTheFile() throws IOException {
        Path file = fileOf(0, (byte) 0);
        Lease<MappedRegion> lease = manager.map(owner, file, MapAccess.SHARED, PAGE, PAGE);
        lease.resource(owner).buffer().put(PAGE - 1, (byte) 9);

        manager.unmap(owner, lease);

        assertEquals(2 * PAGE, Files.size(file));
        assertEquals(9, Files.readAllBytes(file)[2 * PAGE - 1]);
    }

    @Test
    public void aProcessThatIsNotRunningCannotMap() throws IOException {
        Path file = fileOf(PAGE, (byte) 0);
        states.put(owner, ProcessState.TERMINATING);

        assertRefused(ProcessNotRunningException.class, "pid 1 is TERMINATING",
                () -> manager.map(owner, file, MapAccess.READ_ONLY));
        assertRefused(ProcessNotRunningException.class, "no process with pid 3",
                () -> manager.map(Pid.of(3), file, MapAccess.READ_ONLY));

        assertFalse(manager.cleanupHandler().hasResources(owner));
        assertEquals(0, OsView.mappedRegionsOf(file));
    }

    @Test
    public void cleanupUnmapsOnlyThatProcessesRegions() throws IOException {
        Path mine = fileOf(PAGE, (byte) 0);
        Path theirs = fileOf(PAGE, (byte) 0);
        manager.map(owner, mine, MapAccess.READ_ONLY);
        manager.map(owner, mine, MapAccess.SHARED, 0, 100);
        manager.map(other, theirs, MapAccess.READ_ONLY);

        assertEquals(CleanupStats.freed(2, PAGE + 100), manager.cleanupHandler().cleanup(owner));

        assertEquals(0, OsView.mappedRegionsOf(mine));
        assertEquals(1, OsView.mappedRegionsOf(theirs));
        assertTrue(manager.cleanupHandler().hasResources(other));
    }

    @Test
    public void closeUnmapsEveryPidsRegionsAndRefusesLaterMappings() throws IOException {
        Path first = fileOf(PAGE, (byte) 0);
        Path second = fileOf(2 * PAGE, (byte) 0);
        BufferPoolMXBean pool = OsView.mappedPool();
        long countBefore = pool.getCount();
        Lease<MappedRegion> shared = manager.map(owner, first, MapAccess.SHARED, 0, PAGE);
        manager.map(other, second, MapAccess.PRIVATE);
        shared.resource(owner).buffer().put(0, (byte) 5);

        CleanupStats stats = manager.shutdown();

        assertEquals(CleanupStats.freed(2, 3 * PAGE), stats);
        assertEquals(0, OsView.mappedRegionsOf(first));
        assertEquals(0, OsView.mappedRegionsOf(second));
        assertEquals(countBefore, pool.getCount());
        assertEquals(5, Files.readAllBytes(first)[0]);
        assertRefused(IllegalStateException.class, "mmap is stopped",
                () -> manager.map(owner, first, MapAccess.READ_ONLY));
        assertEquals(0, OsView.mappedRegionsOf(first));
    }

    @Test
    public void theManagerNamesItsType() {
        assertEquals("mmap", manager.cleanupHandler().resourceType());
    }

    private Path fileOf(int size, byte fill) throws IOException {
        Path file = folder.newFile().toPath();
        byte[] content = new byte[size];
        Arrays.fill(content, fill);
        Files.write(file, content);
        return file;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.US_ASCII);
    }

    private static String text(MappedByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(0, bytes);
        return text(bytes, length);
    }

    private static void assertRefused(Class<? extends Throwable> type, String message, ThrowingRunnable call) {
        Throwable thrown = assertThrows(type, call);
        assertThat(thrown.getMessage(), containsString(message));
    }
}
