package io.reclaim.api.journal;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A journal its creator opened: besides recording, it knows the leftovers of the earlier run and
 * hands them to reclaimers. The service others get is a plain {@link Journal}.
 */
@ProviderType
public interface CloseableJournal extends Journal, AutoCloseable {

    /** @return the records an earlier run left and that were not reclaimed yet, oldest first */
    List<JournalEntry> leftovers();

    /**
     * Hands every leftover of {@code type} that no other call is reclaiming to {@code reclaimer},
     * one at a time on the calling thread; removes each record whose reclaim returned. A
     * reclaimer that throws (also an {@link Error}) is recorded and the next leftover goes on.
     *
     * @return one result per leftover handed over, empty if none was left of that type
     */
    List<Reclaimed> reclaim(String type, LeftoverReclaimer reclaimer);

    /**
     * Writes the last numbers of every sequence, rewrites the file with the live records only and
     * releases the journal. Records still live stay for the next start as leftovers.
     */
    @Override
    void close();
}
