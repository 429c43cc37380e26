package io.reclaim.example.tempdir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;

public class TempDirManagerTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();
    private Path root;
    private CloseableTempDirManager tempdirs;

    @Before
    public void setUp() throws IOException {
        root = tmp.getRoot().toPath().resolve("root");
        tempdirs = TempDirManager.create(gate, root);
    }

    @After
    public void tearDown() {
        tempdirs.shutdown();
    }

    @Test
    public void directoriesAreDeletedWhenTheirPidIsCleanedUpAndBytesFreedIsWhatTheyHeld() throws IOException {
        Pid pid = gate.running(1);
        Path build = tempdirs.create(pid, "build").resource(pid);
        Path cache = tempdirs.create(pid, "cache").resource(pid);
        long written = write(build.resolve("out.bin"), 1000)
                + write(build.resolve("classes/io/reclaim/A.class"), 4096)
                + write(build.resolve("classes/io/reclaim/B.class"), 3)
                + write(cache.resolve("index"), 70_000);
        Files.createDirectories(cache.resolve("empty/deeper"));
        assertEquals(new ResourceUsage(2, written), tempdirs.cleanupHandler().usage(pid));

        CleanupStats stats = tempdirs.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(2, written), stats);
        assertFalse(Files.exists(build));
        assertFalse(Files.exists(cache));
        assertFalse(tempdirs.cleanupHandler().hasResources(pid));
        assertEquals(List.of(), entries(build.getParent()));
    }

    @Test
    public void theCleanupOfOnePidLeavesTheDirectoriesOfOthers() throws IOException {
        Pid one = gate.running(1);
        Pid two = gate.running(2);
        Path ones = tempdirs.create(one, "work").resource(one);
        Path twos = tempdirs.create(two, "work").resource(two);
        write(ones.resolve("a"), 10);
        long kept = write(twos.resolve("nested/b"), 20);

        assertEquals(CleanupStats.freed(1, 10), tempdirs.cleanupHandler().cleanup(one));

        assertFalse(Files.exists(ones));
        assertTrue(Files.exists(twos.resolve("nested/b")));
        assertTrue(tempdirs.cleanupHandler().hasResources(two));
        assertEquals(new ResourceUsage(1, kept), tempdirs.cleanupHandler().usage(two));
    }

    @Test
    public void symbolicLinksAreDeletedNotFollowed() throws IOException {
        Pid pid = gate.running(1);
        Path outside = tmp.newFolder("outside").toPath();
        long outsideBytes = write(outside.resolve("precious"), 500);
        Path dir = tempdirs.create(pid, "links").resource(pid);
        long inside = write(dir.resolve("own"), 7);
        Files.createSymbolicLink(dir.resolve("to-dir"), outside);
        Files.createSymbolicLink(dir.resolve("to-file"), outside.resolve("precious"));

        CleanupStats stats = tempdirs.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, inside), stats);
        assertFalse(Files.exists(dir));
        assertEquals(outsideBytes, Files.size(outside.resolve("precious")));
    }

    @Test
    public void aPrefixThatIsNoPlainNameIsRefusedAndNothingIsCreated() throws IOException {
        Pid pid = gate.running(1);
        for (String bad : new String[] {"", "a/b", "/abs", "..", "../up", "a\\b", "x".repeat(101), null}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tempdirs.create(pid, bad));
            assertTrue(e.getMessage(), e.getMessage().startsWith("a tempdir prefix is a plain name"));
        }
        assertFalse(tempdirs.cleanupHandler().hasResources(pid));
        assertEquals(List.of(), entries(runDirectory()));
    }

    @Test
    public void onlyTheOwnerMayUseOrDeleteADirectory() throws IOException {
        Pid owner = gate.running(1);
        Pid other = gate.running(2);
        Lease<Path> lease = tempdirs.create(owner, "mine");

        assertThrows(WrongOwnerException.class, () -> lease.resource(other));
        WrongOwnerException e = assertThrows(WrongOwnerException.class, () -> tempdirs.delete(other, lease));
        assertEquals("tempdir handle belongs to pid 1, not to pid 2", e.getMessage());
        assertTrue(Files.isDirectory(lease.resource(owner)));
        assertEquals(CleanupStats.NONE, tempdirs.cleanupHandler().cleanup(other));
        assertTrue(Files.isDirectory(lease.resource(owner)));
    }

    @Test
    public void aPidThatIsNotRunningGetsNoDirectory() throws IOException {
        Pid pid = gate.running(1);
        gate.terminating(pid);

        assertThrows(ProcessNotRunningException.class, () -> tempdirs.create(pid, "late"));
        assertThrows(ProcessNotRunningException.class, () -> tempdirs.create(Pid.of(99), "unknown"));

        assertEquals(List.of(), entries(runDirectory()));
    }

    @Test
    public void theOwnerCanDeleteADirectoryBeforeItEnds() throws IOException {
        Pid pid = gate.running(1);
        Lease<Path> lease = tempdirs.create(pid, "early");
        Path dir = lease.resource(pid);
        long written = write(dir.resolve("sub/file"), 123);

        assertEquals(written, tempdirs.delete(pid, lease));

        assertFalse(Files.exists(dir));
        assertFalse(tempdirs.cleanupHandler().hasResources(pid));
        assertThrows(IllegalStateException.class, () -> tempdirs.delete(pid, lease));
        assertEquals(CleanupStats.NONE, tempdirs.cleanupHandler().cleanup(pid));
    }

    @Test
    public void aDirectoryItsOwnerAlreadyRemovedIsReleasedWithoutError() throws IOException {
        Pid pid = gate.running(1);
        Path dir = tempdirs.create(pid, "gone").resource(pid);
        Files.delete(dir);

        assertEquals(CleanupStats.freed(1, 0), tempdirs.cleanupHandler().cleanup(pid));
    }

    @Test
    public void closeDeletesEveryDirectoryOfEveryPidAndThisRunsDirectory() throws IOException {
        Pid one = gate.running(1);
        Pid two = gate.running(2);
        long written = write(tempdirs.create(one, "a").resource(one).resolve("f"), 11)
                + write(tempdirs.create(one, "b").resource(one).resolve("g/h"), 22)
                + write(tempdirs.create(two, "c").resource(two).resolve("i"), 33);

        CleanupStats stats = tempdirs.shutdown();

        assertEquals(CleanupStats.freed(3, written), stats);
        assertFalse(Files.exists(runDirectory()));
        assertEquals(List.of(), entries(root));
        assertFalse(tempdirs.cleanupHandler().hasResources(one));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tempdirs.create(one, "after"));
        assertEquals("tempdir is stopped: no resources can be acquired for pid 1", e.getMessage());
    }

    @Test
    public void directoriesGoToThisRunsDirectoryNamedAfterTheOsPidAndStartTime() throws IOException {
        Pid pid = gate.running(7);
        Path dir = tempdirs.create(pid, "named").resource(pid);

        assertEquals(runDirectory(), dir.getParent());
        assertTrue(dir.getFileName().toString(), dir.getFileName().toString().startsWith("named-7-"));
    }

    /** This JVM's run directory, named as {@link TempDirManager} documents. */
    private Path runDirectory() {
        ProcessHandle self = ProcessHandle.current();
        return root.toAbsolutePath().resolve(self.pid() + "-" + self.info().startInstant().orElseThrow().toEpochMilli());
    }

    private static long write(Path file, int bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[bytes]);
        return bytes;
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).collect(Collectors.toList());
        }
    }
}
