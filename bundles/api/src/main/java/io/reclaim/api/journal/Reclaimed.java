package io.reclaim.api.journal;

import java.time.Duration;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CleanupStats;

/** What reclaiming one leftover did. */
@ProviderType
public interface Reclaimed {

    /** @return the leftover as it was recorded by the earlier run */
    JournalEntry leftover();

    /** @return what its reclaimer ended or deleted */
    CleanupStats stats();

    /** @return how long the reclaimer took */
    Duration duration();

    /** @return why it could not be reclaimed, if it could not (the record is then kept for the next start) */
    Optional<String> error();
}
