package io.reclaim.files.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import io.reclaim.files.FileManager;
import io.reclaim.testing.Configs;
import io.reclaim.testing.Descriptors;
import io.reclaim.files.CloseableFileManager;
import io.reclaim.api.ledger.Handlers;

public class FileManagerTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();
    private FileManagerImpl files;
    private Path hello;

    @Before
    public void setUp() throws IOException {
        assumeTrue("counting open files needs /proc/self/fd", Descriptors.available());
        hello = tmp.newFile("hello.txt").toPath();
        Files.writeString(hello, "hello");
        files = new FileManagerImpl(gate);
    }

    @After
    public void tearDown() {
        if (files != null) {
            files.deactivate();
        }
    }

    @Test
    public void everyFileOfAProcessIsClosedByItsCleanup() throws IOException {
        Pid pid = gate.running(1);
        long before = openFds();

        List<Lease<FileChannel>> leases = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            leases.add(files.open(pid, hello));
            leases.add(files.open(pid, tmp.getRoot().toPath().resolve("new-" + i), CREATE, WRITE));
        }
        FileChannel first = leases.get(0).resource(pid);
        assertEquals(before + 100, openFds());
        assertEquals(new ResourceUsage(100, 0), Handlers.of(files).usage(pid));

        CleanupStats stats = Handlers.of(files).cleanup(pid);

        assertEquals(CleanupStats.freed(100, 0), stats);
        assertEquals(before, openFds());
        assertFalse(Handlers.of(files).hasResources(pid));
        assertEquals(ResourceUsage.NONE, Handlers.of(files).usage(pid));
        assertFalse(first.isOpen());
        for (Lease<FileChannel> lease : leases) {
            assertFalse(lease.isHeld());
        }
        assertThrows(IllegalStateException.class, () -> leases.get(0).resource(pid));
    }

    @Test
    public void cleaningUpOneProcessLeavesTheFilesOfAnotherOpenAndUsable() throws IOException {
        Pid a = gate.running(1);
        Pid b = gate.running(2);
        long before = openFds();
        for (int i = 0; i < 10; i++) {
            files.open(a, hello);
        }
        Lease<FileChannel> kept = files.open(b, hello);
        files.open(b, hello);

        assertEquals(10, Handlers.of(files).cleanup(a).resourcesFreed());

        assertEquals(before + 2, openFds());
        assertTrue(Handlers.of(files).hasResources(b));
        assertEquals(2, Handlers.of(files).usage(b).count());
        assertEquals("hello", read(kept.resource(b)));
        assertEquals(2, Handlers.of(files).cleanup(b).resourcesFreed());
        assertEquals(before, openFds());
    }

    @Test
    public void anotherProcessCanNeitherUseNorCloseAFile() throws IOException {
        Pid owner = gate.running(1);
        Pid other = gate.running(2);
        Lease<FileChannel> lease = files.open(owner, hello);
        long open = openFds();

        WrongOwnerException close = assertThrows(WrongOwnerException.class, () -> files.close(other, lease));
        assertThrows(WrongOwnerException.class, () -> lease.resource(other));

        assertEquals("files handle belongs to pid 1, not to pid 2", close.getMessage());
        assertEquals(open, openFds());
        assertTrue(lease.isHeld());
        assertEquals("hello", read(lease.resource(owner)));
        assertFalse(Handlers.of(files).hasResources(other));
    }

    @Test
    public void closingAFileTwiceIsRefused() throws IOException {
        Pid pid = gate.running(1);
        long before = openFds();
        Lease<FileChannel> lease = files.open(pid, hello);

        files.close(pid, lease);
        assertEquals(before, openFds());
        IllegalStateException again = assertThrows(IllegalStateException.class, () -> files.close(pid, lease));

        assertEquals("files handle of pid 1 is already released", again.getMessage());
        assertEquals(before, openFds());
        assertFalse(Handlers.of(files).hasResources(pid));
        assertEquals(CleanupStats.NONE, Handlers.of(files).cleanup(pid));
    }

    @Test
    public void aProcessThatIsNotRunningOpensNothing() {
        Pid terminating = gate.running(1);
        gate.terminating(terminating);
        Pid terminated = gate.running(2);
        gate.set(terminated, ProcessState.TERMINATED);
        Pid unknown = Pid.of(3);
        long before = openFds();

        for (Pid pid : List.of(terminating, terminated, unknown)) {
            ProcessNotRunningException e = assertThrows(ProcessNotRunningException.class,
                    () -> files.open(pid, hello));
            assertEquals(pid, e.pid());
            assertFalse(Handlers.of(files).hasResources(pid));
        }
        assertEquals(before, openFds());
    }

    @Test
    public void aMissingFileIsReportedWithItsPathAndNothingIsTracked() {
        Pid pid = gate.running(1);
        Path missing = tmp.getRoot().toPath().resolve("missing.txt");
        Path nowhere = tmp.getRoot().toPath().resolve("no-dir/new.txt");
        long before = openFds();

        NoSuchFileException reading = assertThrows(NoSuchFileException.class, () -> files.open(pid, missing));
        NoSuchFileException creating = assertThrows(NoSuchFileException.class,
                () -> files.open(pid, nowhere, CREATE, WRITE));

        assertEquals(missing + ": no such file (open it with WRITE and CREATE to make it)", reading.getMessage());
        assertEquals(nowhere + ": its directory does not exist", creating.getMessage());
        assertFalse(Handlers.of(files).hasResources(pid));
        assertEquals(before, openFds());
    }

    @Test
    public void aDirectoryIsRefusedWithItsPath() {
        Pid pid = gate.running(1);
        Path dir = tmp.getRoot().toPath();
        long before = openFds();

        FileSystemException e = assertThrows(FileSystemException.class, () -> files.open(pid, dir));

        assertEquals(dir + ": is a directory, not a file", e.getMessage());
        assertFalse(Handlers.of(files).hasResources(pid));
        assertEquals(before, openFds());
    }

    @Test
    public void withoutOptionsAFileIsOpenedForReadingOnly() throws IOException {
        Pid pid = gate.running(1);
        FileChannel channel = files.open(pid, hello).resource(pid);

        assertEquals("hello", read(channel));
        assertThrows(NonWritableChannelException.class, () -> channel.write(ByteBuffer.wrap(new byte[1])));
    }

    @Test
    public void openOptionsAreHonoured() throws IOException {
        Pid pid = gate.running(1);
        Lease<FileChannel> lease = files.open(pid, hello, WRITE, APPEND);

        lease.resource(pid).write(ByteBuffer.wrap(", world".getBytes(UTF_8)));
        files.close(pid, lease);

        assertEquals("hello, world", Files.readString(hello));
    }

    @Test
    public void stoppingTheManagerClosesTheFilesOfEveryProcessAndRefusesNewOnes() throws IOException {
        Pid a = gate.running(1);
        Pid b = gate.running(2);
        long before = openFds();
        for (int i = 0; i < 3; i++) {
            files.open(a, hello);
            files.open(b, hello);
        }
        assertEquals(before + 6, openFds());

        files.deactivate();

        assertEquals(before, openFds());
        assertFalse(Handlers.of(files).hasResources(a));
        assertFalse(Handlers.of(files).hasResources(b));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> files.open(a, hello));
        assertEquals("files is stopped: no resources can be acquired for pid 1", refused.getMessage());
        assertEquals(before, openFds());
    }

    @Test
    public void aRankingChangeKeepsEveryFileOpen() throws IOException {
        FileManagerImpl configured = new FileManagerImpl(null, gate, Configs.of(FilesConfiguration.class, Map.of()), Map.of());
        Pid pid = gate.running(1);
        Lease<FileChannel> lease = configured.open(pid, hello);
        long open = openFds();

        configured.modified(Configs.of(FilesConfiguration.class, Map.of("service_ranking", 42)), Map.of());

        assertEquals(open, openFds());
        assertTrue(lease.isHeld());
        assertEquals("hello", read(lease.resource(pid)));
        configured.open(pid, hello);
        assertEquals(2, Handlers.of(configured).cleanup(pid).resourcesFreed());
        configured.deactivate();
    }

    @Test
    public void thePlainJavaFactoryMakesAWorkingManager() throws IOException {
        CloseableFileManager plain = FileManager.create(gate);
        Pid a = gate.running(1);
        Pid b = gate.running(2);
        long before = openFds();
        Lease<FileChannel> lease = plain.open(a, hello);
        plain.open(a, hello);
        plain.open(b, hello);

        assertEquals("files", plain.cleanupHandler().resourceType());
        assertEquals("hello", read(lease.resource(a)));
        assertEquals(2, plain.cleanupHandler().cleanup(a).resourcesFreed());
        assertEquals(before + 1, openFds());
        assertEquals(CleanupStats.freed(1, 0), plain.shutdown());
        assertEquals(before, openFds());
        assertThrows(IllegalStateException.class, () -> plain.open(b, hello));
    }

    private static String read(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64);
        channel.read(buffer, 0);
        buffer.flip();
        return UTF_8.decode(buffer).toString();
    }

    /** Descriptors open on this test's files, as the kernel lists them. */
    private long openFds() {
        return Descriptors.under(tmp.getRoot().toPath());
    }
}
