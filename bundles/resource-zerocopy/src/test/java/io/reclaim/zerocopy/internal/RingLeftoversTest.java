package io.reclaim.zerocopy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.journal.Reclaimed;
import io.reclaim.api.ledger.Lease;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.ZeroCopyManager;

/** Ring files recorded in the journal while they exist, and deleted at the next start when their JVM died. */
public class RingLeftoversTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final Pid pid = Pid.of(1);
    private final Map<Pid, ProcessState> states = Map.of(pid, ProcessState.RUNNING);

    @Test
    public void ringFileOfAJvmKilledWithSigkillIsDeletedAtTheNextStartAndCounted() throws Exception {
        Path rings = folder.newFolder("rings").toPath();
        Path journalDir = folder.getRoot().toPath().resolve("journal");
        Process creator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RingCreatorMain.class.getName(), rings.toString(), "killed",
                journalDir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path file;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(creator.getInputStream()))) {
            String line = out.readLine(); // the child prints the file once the ring exists, or exits
            assertTrue("the other JVM created its ring", line != null);
            file = Path.of(line);
        } finally {
            creator.destroyForcibly(); // SIGKILL: no cleanup runs in the child
        }
        assertTrue(creator.waitFor(30, TimeUnit.SECONDS));
        assertTrue("the killed JVM left its ring file behind", Files.exists(file));
        long size = Files.size(file);

        try (CloseableJournal journal = Journals.open(journalDir)) {
            List<Reclaimed> reclaimed = journal.reclaim(ZeroCopyManager.TYPE, ZeroCopyManager.leftoverReclaimer());

            assertFalse(Files.exists(file));
            assertEquals(1, reclaimed.size());
            assertEquals(Pid.of(1), reclaimed.get(0).leftover().owner().orElseThrow());
            assertEquals(1, reclaimed.get(0).stats().resourcesFreed());
            assertEquals(size, reclaimed.get(0).stats().bytesFreed());
            assertEquals(0, journal.size());
        }
    }

    @Test
    public void aRingIsRecordedWhileItExistsAndItsRecordRemovedAtRelease() throws Exception {
        try (CloseableJournal journal = Journals.open(folder.getRoot().toPath().resolve("journal"))) {
            ZeroCopyManagerImpl.Embedded manager = ZeroCopyManagerImpl.recordedIn(journal, states::get, folder.newFolder("rings").toPath());
            Lease<Ring> ring = manager.create(pid, "recorded", 1024);
            assertEquals(1, journal.size());
            manager.release(pid, ring);
            assertEquals(0, journal.size());
            manager.create(pid, "swept", 1024);
            manager.cleanupHandler().cleanup(pid);
            assertEquals(0, journal.size());
            manager.deactivate();
        }
    }

    @Test
    public void aRecordWhosePathIsNoRingFileAnyMoreLeavesTheFileAlone() throws Exception {
        Path taken = folder.newFile("reclaim-zc-x.txt").toPath();
        Path gone = folder.getRoot().toPath().resolve("reclaim-zc-gone.ring");
        Path journalDir = folder.getRoot().toPath().resolve("journal");
        CloseableJournal first = Journals.open(journalDir);
        first.record(ZeroCopyManager.TYPE, pid, Map.of("file", taken.toString()));
        first.record(ZeroCopyManager.TYPE, pid, Map.of("file", gone.toString()));
        ((io.reclaim.api.internal.journal.FileJournal) first).abandon();

        try (CloseableJournal journal = Journals.open(journalDir)) {
            List<Reclaimed> reclaimed = journal.reclaim(ZeroCopyManager.TYPE, new RingReclaimer());
            assertEquals(2, reclaimed.size());
            assertEquals(0, reclaimed.stream().mapToLong(r -> r.stats().resourcesFreed()).sum());
            assertTrue(Files.exists(taken));
            assertEquals(List.<JournalEntry>of(), journal.leftovers());
        }
    }
}
