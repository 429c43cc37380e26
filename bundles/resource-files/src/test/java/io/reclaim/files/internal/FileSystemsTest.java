package io.reclaim.files.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.rules.Timeout;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Handlers;
import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;

/**
 * Whether closing a file can block is the file system's answer: local ones are cleaned up on the
 * ending thread, a network or FUSE one under the orchestrator's timeout.
 */
public class FileSystemsTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Rule
    public final Timeout timeout = Timeout.seconds(30);

    private final LocalProcessGate gate = new LocalProcessGate();

    /** The mount table of this process, with the file system of {@code path} said to be {@code type}. */
    private static FileSystems mountedAs(Path path, String type) throws IOException {
        long device = ((Number) Files.getAttribute(path, "unix:dev")).longValue();
        long major = ((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfffL);
        long minor = (device & 0xff) | ((device >>> 12) & ~0xffL);
        String line = "99 1 " + major + ":" + minor + " / /mnt rw,relatime - " + type + " server:/export rw";
        return new FileSystems(() -> List.of(line));
    }

    @Test
    public void filesOnThisMachinesDisksAreClosedWithoutAHandOff() throws IOException {
        FileManagerImpl files = new FileManagerImpl(gate, FileSystems.ofThisProcess());
        Pid pid = gate.spawn();
        files.open(pid, tmp.newFile().toPath(), StandardOpenOption.WRITE);
        files.open(pid, tmp.getRoot().toPath().resolve("new.log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);

        assertFalse(Handlers.of(files).cleanupMayBlock(pid));
        files.deactivate();
    }

    @Test
    public void aFileOnANetworkOrFuseFileSystemMakesItsPidsCleanupOneThatMayBlock() throws IOException {
        Path file = tmp.newFile().toPath();
        for (String type : List.of("nfs4", "fuse.sshfs", "cifs")) {
            FileManagerImpl files = new FileManagerImpl(gate, mountedAs(file, type));
            Pid remote = gate.spawn();
            Pid other = gate.spawn();
            files.open(remote, file, StandardOpenOption.WRITE);

            assertTrue(type, Handlers.of(files).cleanupMayBlock(remote));
            assertFalse(type, Handlers.of(files).cleanupMayBlock(other));
            Handlers.of(files).cleanup(remote);
            assertFalse(type, Handlers.of(files).cleanupMayBlock(remote));
            files.deactivate();
        }
    }

    @Test
    public void aDeviceMissingFromTheMountTableMayBlock() throws IOException {
        FileManagerImpl files = new FileManagerImpl(gate, new FileSystems(List::of));
        Pid pid = gate.spawn();
        files.open(pid, tmp.newFile().toPath(), StandardOpenOption.WRITE);

        assertTrue(Handlers.of(files).cleanupMayBlock(pid));
        files.deactivate();
    }

    /**
     * A close that stalls, as on a FUSE file system whose daemon hangs: the files handler says
     * its cleanup may block, so the orchestrator runs it under the handler timeout and the
     * termination's cleanup ends in time, reporting the timeout.
     */
    @Test
    public void aStalledCloseOnAFuseFileSystemStillEndsTheCleanupWithinTheTimeout() throws Exception {
        Path file = tmp.newFile().toPath();
        FileManagerImpl files = new FileManagerImpl(gate, mountedAs(file, "fuse.sshfs"));
        CountDownLatch stall = new CountDownLatch(1);
        ResourceCleanup stalling = new ResourceCleanup() {
            @Override
            public CleanupStats cleanup(Pid pid) {
                try {
                    stall.await(); // the daemon does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Handlers.of(files).cleanup(pid);
            }

            @Override
            public boolean cleanupMayBlock(Pid pid) {
                return Handlers.of(files).cleanupMayBlock(pid);
            }

            @Override
            public String resourceType() {
                return Handlers.of(files).resourceType();
            }

            @Override
            public boolean hasResources(Pid pid) {
                return Handlers.of(files).hasResources(pid);
            }
        };
        Duration handlerTimeout = Duration.ofMillis(300);
        try (EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder()
                .register(stalling, ResourceCleanup.RANKING_FILES).handlerTimeout(handlerTimeout).build()) {
            Pid pid = gate.spawn();
            FileChannel channel = files.open(pid, file, StandardOpenOption.WRITE).resource(pid);

            long start = System.nanoTime();
            gate.terminating(pid);
            CleanupResult result = orchestrator.cleanupProcess(pid);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            HandlerOutcome outcome = result.outcome(Handlers.of(files).resourceType());
            assertTrue(outcome.toString(), outcome.failed());
            assertTrue("took " + tookMillis + " ms: the stalled close held the cleanup", tookMillis < 10_000);
            stall.countDown(); // the daemon answers at last: the close completes on the abandoned thread
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (channel.isOpen() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(channel.isOpen());
            assertEquals(0, Handlers.of(files).usage(pid).count());
        } finally {
            stall.countDown();
            files.deactivate();
        }
    }
}
