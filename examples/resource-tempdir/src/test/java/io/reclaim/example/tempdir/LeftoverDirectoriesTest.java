package io.reclaim.example.tempdir;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.Pid;
import io.reclaim.api.internal.journal.FileJournal;
import io.reclaim.api.journal.CloseableJournal;
import io.reclaim.api.journal.Journals;
import io.reclaim.api.journal.Reclaimed;
import io.reclaim.api.ledger.LocalProcessGate;

/** Directories of a JVM that died are found in the journal and deleted at the next start; nothing else is touched. */
public class LeftoverDirectoriesTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    private final LocalProcessGate gate = new LocalProcessGate();

    @Test
    public void theDirectoriesOfARunThatCrashedAreDeletedAtTheNextStartAndOthersKept() throws Exception {
        Path root = tmp.newFolder("root").toPath();
        Path journalDir = tmp.getRoot().toPath().resolve("journal");
        Path unrecorded = Files.createDirectories(root.resolve("12345-678").resolve("someone-else"));
        CloseableJournal crashed = Journals.open(journalDir);
        Pid pid = gate.spawn();
        CloseableTempDirManager first = TempDirManager.create(gate, root, crashed);
        Path scratch = first.create(pid, "scratch").resource(pid);
        Files.write(scratch.resolve("out.bin"), new byte[1000]);
        assertEquals(1, crashed.size());
        ((FileJournal) crashed).abandon(); // the JVM dies: nothing is deleted, the record stays

        try (CloseableJournal journal = Journals.open(journalDir)) {
            List<Reclaimed> reclaimed = journal.reclaim(TempDirManager.TYPE, TempDirManager.leftoverReclaimer());

            assertFalse(Files.exists(scratch));
            assertEquals(1, reclaimed.size());
            assertEquals(1000, reclaimed.get(0).stats().bytesFreed());
            assertEquals(pid, reclaimed.get(0).leftover().owner().orElseThrow());
            assertTrue("a directory nobody recorded is not ours to delete", Files.exists(unrecorded));
            assertEquals(0, journal.size());
        }
    }

    @Test
    public void aDirectoryDeletedNormallyLeavesNoRecord() throws Exception {
        try (CloseableJournal journal = Journals.open(tmp.getRoot().toPath().resolve("journal"))) {
            CloseableTempDirManager tempdirs = TempDirManager.create(gate, tmp.newFolder("root").toPath(), journal);
            Pid pid = gate.spawn();
            tempdirs.delete(pid, tempdirs.create(pid, "one"));
            tempdirs.create(pid, "two");
            assertEquals(1, journal.size());
            tempdirs.cleanupHandler().cleanup(pid);
            assertEquals(0, journal.size());
            tempdirs.shutdown();
        }
    }
}
