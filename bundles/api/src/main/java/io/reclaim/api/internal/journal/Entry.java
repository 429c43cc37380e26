package io.reclaim.api.internal.journal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.reclaim.api.Pid;
import io.reclaim.api.journal.JournalEntry;

/** One ADD record. {@code journal} tells entries of different journals apart. */
record Entry(Object journal, long id, String type, long ownerPid, Map<String, String> attributes, long recordedMillis)
        implements JournalEntry {

    Entry {
        attributes = Map.copyOf(attributes);
    }

    @Override
    public Optional<Pid> owner() {
        return ownerPid > 0 ? Optional.of(Pid.of(ownerPid)) : Optional.empty();
    }

    @Override
    public Instant recorded() {
        return Instant.ofEpochMilli(recordedMillis);
    }

    @Override
    public String toString() {
        return "journal record " + id + " (" + type + (ownerPid > 0 ? ", pid " + ownerPid : "") + ") " + attributes;
    }
}
