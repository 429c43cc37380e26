package io.reclaim.api.internal.journal;

import java.time.Duration;
import java.util.Optional;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Reclaimed;

record Outcome(JournalEntry leftover, CleanupStats stats, Duration duration, String failure) implements Reclaimed {

    @Override
    public Optional<String> error() {
        return Optional.ofNullable(failure);
    }
}
