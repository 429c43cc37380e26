package io.reclaim.example.tempdir.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.example.tempdir.TempDirManager;

/**
 * Deletes the directories the journal names as leftovers of a JVM that died, with everything in
 * them, and then their run directory once it is empty. A recorded path that is not a directory
 * inside a run directory any more is left alone.
 */
@Component(service = LeftoverReclaimer.class, property = LeftoverReclaimer.TYPE + "=" + TempDirManager.TYPE)
public final class TempDirReclaimer implements LeftoverReclaimer {

    /** The journal attribute holding the directory's path. */
    static final String PATH = "path";

    private static final Logger LOG = LoggerFactory.getLogger(TempDirReclaimer.class);

    @Override
    public CleanupStats reclaim(JournalEntry leftover) throws IOException {
        String recorded = leftover.attribute(PATH);
        if (recorded == null) {
            return CleanupStats.NONE;
        }
        Path directory = Path.of(recorded);
        Path run = directory.getParent();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) || run == null || !RunDirectories.isRun(run)) {
            return CleanupStats.NONE;
        }
        long bytes = DirectoryTrees.sizeOf(directory);
        DirectoryTrees.delete(directory);
        try {
            Files.deleteIfExists(run);
        } catch (DirectoryNotEmptyException e) {
            // another leftover of that run, deleted next, or something nobody recorded: left
        }
        LOG.info("{}: deleted {} ({} bytes), left by a run that ended without cleanup", TempDirManager.TYPE, directory, bytes);
        return CleanupStats.freed(1, bytes);
    }
}
