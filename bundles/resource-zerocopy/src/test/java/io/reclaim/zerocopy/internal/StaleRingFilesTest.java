package io.reclaim.zerocopy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;

public class StaleRingFilesTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Pid pid = Pid.of(1);
    private final Map<Pid, ProcessState> states = Map.of(pid, ProcessState.RUNNING);

    @Test
    public void fileOfAJvmThatDiedIsRemovedWhenTheManagerStarts() throws Exception {
        Path dir = folder.getRoot().toPath();
        Path stale = RingFilesForTest.leftBehind(dir, "crashed", new ProcessStart(RingFilesForTest.impossiblePid(), 12345, ProcessStart.BOOT_TICKS));

        ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(states::get, dir);

        assertFalse(Files.exists(stale));
        manager.deactivate();
    }

    @Test
    public void fileOfAJvmKilledWithSigkillIsRemovedAtTheNextStart() throws Exception {
        Path dir = folder.getRoot().toPath();
        Process creator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RingCreatorMain.class.getName(), dir.toString(), "killed")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path file;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(creator.getInputStream()))) {
            String line = out.readLine(); // the child prints the file once the ring exists, or exits
            assertTrue("the other JVM created its ring", line != null);
            file = Path.of(line);
            assertTrue(Files.exists(file));
            assertEquals("a ring of a running JVM is kept", 0, StaleRingSweeper.sweep(dir));
        } finally {
            creator.destroyForcibly(); // SIGKILL: no cleanup runs in the child
        }
        assertTrue(creator.waitFor(30, TimeUnit.SECONDS));
        assertTrue("the killed JVM left its ring file behind", Files.exists(file));

        ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(states::get, dir);

        assertFalse(Files.exists(file));
        manager.deactivate();
    }

    @Test
    public void fileOfAJvmThatDiedIsRemovedWhenARingIsCreated() throws Exception {
        Path dir = folder.getRoot().toPath();
        ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(states::get, dir);
        Path stale = RingFilesForTest.leftBehind(dir, "crashed", new ProcessStart(RingFilesForTest.impossiblePid(), 12345, ProcessStart.BOOT_TICKS));

        manager.create(pid, "fresh", 1024);

        assertFalse(Files.exists(stale));
        manager.deactivate();
    }

    @Test
    public void fileWhosePidNowBelongsToAnotherProcessIsRemoved() throws Exception {
        Path dir = folder.getRoot().toPath();
        ProcessStart self = ProcessStart.current();
        Path reused = RingFilesForTest.leftBehind(dir, "reused", new ProcessStart(self.pid(), self.startTime() - 1, self.clock()));
        Path ours = RingFilesForTest.leftBehind(dir, "ours", self);

        assertEquals(1, StaleRingSweeper.sweep(dir));

        assertFalse(Files.exists(reused));
        assertTrue("a file of this very JVM is alive", Files.exists(ours));
    }

    @Test
    public void fileOfAForeignProcessThatStillRunsIsKept() throws Exception {
        Path dir = folder.getRoot().toPath();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            ProcessStart foreign = ProcessStart.of(sleeper.pid()).orElseThrow();
            Path live = RingFilesForTest.leftBehind(dir, "live", foreign);
            ZeroCopyManagerImpl manager = new ZeroCopyManagerImpl(states::get, dir);

            manager.create(pid, "next", 1024);

            assertTrue(Files.exists(live));
            manager.deactivate();

            sleeper.destroyForcibly();
            assertTrue(sleeper.waitFor(10, TimeUnit.SECONDS));
            assertEquals("once it is gone, so is its file", 1, StaleRingSweeper.sweep(dir));
            assertFalse(Files.exists(live));
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    public void fileStillBeingCreatedIsKeptUntilItsGraceRunsOut() throws Exception {
        Path dir = folder.getRoot().toPath();
        Path unfinished = Files.write(RingFiles.file(dir, "unfinished"), new byte[(int) RingLayout.fileLength(1024)]);

        assertEquals(0, StaleRingSweeper.sweep(dir));
        assertTrue(Files.exists(unfinished));

        Files.setLastModifiedTime(unfinished, FileTime.from(Instant.now().minus(StaleRingSweeper.UNFINISHED_GRACE).minusSeconds(1)));
        assertEquals(1, StaleRingSweeper.sweep(dir));
        assertFalse(Files.exists(unfinished));
    }

    @Test
    public void otherFilesInTheDirectoryAreNeverTouched() throws Exception {
        Path dir = folder.getRoot().toPath();
        Path unrelated = Files.writeString(dir.resolve("reclaim-zc-notes.txt"), "keep me");
        Files.setLastModifiedTime(unrelated, FileTime.from(Instant.EPOCH));

        assertEquals(0, StaleRingSweeper.sweep(dir));
        assertTrue(Files.exists(unrelated));
    }
}
