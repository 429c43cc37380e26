package io.reclaim.api.journal;

import java.io.IOException;
import java.nio.file.Path;

import io.reclaim.api.internal.journal.FileJournal;

/**
 * Opens journals without a framework (unit tests, embedding):
 *
 * <pre>{@code
 * try (CloseableJournal journal = Journals.open(home.resolve("journal"))) {
 *     journal.reclaim("zerocopy-ring", reclaimer);   // what a JVM that died left
 *     JournalEntry ring = journal.record("zerocopy-ring", pid, Map.of("file", path.toString()));
 *     ...
 *     journal.remove(ring);
 * }
 * }</pre>
 */
public final class Journals {

    private Journals() {
    }

    /**
     * Opens (or creates) the journal in {@code directory}: reads its records, skipping a torn tail
     * or a corrupted record with a warning, and rewrites it with the live ones.
     *
     * @throws IOException if the directory or the file cannot be created or read
     * @throws IllegalStateException if another JVM (or another open journal) holds it
     */
    public static CloseableJournal open(Path directory) throws IOException {
        return FileJournal.open(directory, false);
    }

    /**
     * As {@link #open(Path)}, but every record is also fsynced before {@code record} or
     * {@code remove} returns: for types whose things survive a power loss and must be found after it.
     */
    public static CloseableJournal openSynced(Path directory) throws IOException {
        return FileJournal.open(directory, true);
    }

    /** @return a journal that keeps its records in memory only: nothing is reclaimed after a crash */
    public static CloseableJournal inMemory() {
        return FileJournal.inMemory();
    }
}
