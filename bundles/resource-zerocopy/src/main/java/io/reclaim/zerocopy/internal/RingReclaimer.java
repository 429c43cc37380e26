package io.reclaim.zerocopy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.LeftoverReclaimer;
import io.reclaim.zerocopy.ZeroCopyManager;

/**
 * Deletes the ring files the journal names as leftovers of a JVM that died. Only a file that is
 * still named as a ring file is deleted: a path that something else took since is left alone.
 * Processes still attached keep their own mapping; the header was never marked closed, so their
 * ring stays usable for them until they let go.
 */
@Component(service = LeftoverReclaimer.class, property = LeftoverReclaimer.TYPE + "=" + ZeroCopyManager.TYPE)
public final class RingReclaimer implements LeftoverReclaimer {

    /** The journal attribute holding the ring file's path. */
    static final String FILE = "file";

    private static final Logger LOG = LoggerFactory.getLogger(RingReclaimer.class);

    @Override
    public CleanupStats reclaim(JournalEntry leftover) throws IOException {
        String recorded = leftover.attribute(FILE);
        if (recorded == null) {
            return CleanupStats.NONE;
        }
        Path file = Path.of(recorded);
        long bytes;
        try {
            bytes = Files.size(file);
            if (!RingFiles.isRingFile(file)) {
                LOG.info("{} is no ring file any more; left alone", file);
                return CleanupStats.NONE;
            }
        } catch (NoSuchFileException gone) {
            return CleanupStats.NONE;
        }
        if (!Files.deleteIfExists(file)) {
            return CleanupStats.NONE;
        }
        LOG.info("deleted ring file {} ({} bytes) left by a run that ended without cleanup", file, bytes);
        return CleanupStats.freed(1, bytes);
    }
}
