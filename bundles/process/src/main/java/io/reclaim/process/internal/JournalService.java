package io.reclaim.process.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.reclaim.api.Pid;
import io.reclaim.api.journal.Journal;
import io.reclaim.api.journal.JournalEntry;
import io.reclaim.api.journal.Sequence;

/** The journal as other bundles get it: they record and remove, and cannot close it or take its leftovers. */
final class JournalService implements Journal {

    private final Journal journal;

    JournalService(Journal journal) {
        this.journal = journal;
    }

    @Override
    public JournalEntry record(String type, Pid owner, Map<String, String> attributes) {
        return journal.record(type, owner, attributes);
    }

    @Override
    public void remove(JournalEntry entry) {
        journal.remove(entry);
    }

    @Override
    public Sequence sequence(String name) {
        return journal.sequence(name);
    }

    @Override
    public Optional<Path> file() {
        return journal.file();
    }

    @Override
    public int size() {
        return journal.size();
    }
}
