package io.reclaim.api.journal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;

/**
 * Records what can outlive the JVM, so that the next start can end or delete it when this JVM dies
 * without cleaning up. Registered as a service by the process manager; in plain Java,
 * {@link Journals#open(Path)} or {@link Journals#inMemory()}. Thread-safe.
 */
@ProviderType
public interface Journal {

    /**
     * The Reclaim home directory: a framework property set by the launcher (the journal then lives
     * in its {@code journal/} folder), and a service property of the platform's journal service.
     */
    String HOME_PROPERTY = "reclaim.home";

    /**
     * Service property of the platform's journal service: how OS children are contained and why,
     * in one line, for {@code reclaim:status}.
     */
    String CONTAINMENT_PROPERTY = "reclaim.containment";

    /**
     * Records that something of {@code type} exists and would outlive the JVM. Remove the entry
     * with {@link #remove(JournalEntry)} once it is released.
     *
     * @param type the resource type, e.g. {@code "zerocopy-ring"}; 1 to 200 characters
     * @param owner the pid that holds it, or {@code null} if no process does
     * @param attributes what the type's reclaimer needs to find it again (a path, an OS pid and its
     *     start time ...); keys and values of at most 4,000 characters
     * @return the entry, to be removed at release
     * @throws IllegalArgumentException if the type or an attribute is empty or too long
     * @throws IllegalStateException if the journal is closed
     * @throws java.io.UncheckedIOException if the record cannot be written
     */
    JournalEntry record(String type, Pid owner, Map<String, String> attributes);

    /**
     * Records that the entry's resource is released. Removing an entry twice, or an entry of
     * another journal, does nothing.
     */
    void remove(JournalEntry entry);

    /**
     * A counter that never hands out a number twice on this journal, not after a restart of the
     * JVM either (pids are drawn from {@code "pid"}).
     *
     * @param name 1 to 200 characters
     */
    Sequence sequence(String name);

    /** @return the journal's file, or empty if this journal keeps nothing on disk */
    Optional<Path> file();

    /** @return how many records name something that exists now (including leftovers not yet reclaimed) */
    int size();
}
