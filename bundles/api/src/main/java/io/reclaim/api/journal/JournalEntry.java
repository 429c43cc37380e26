package io.reclaim.api.journal;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.Pid;

/** One record of the journal: something of one type that exists, and who holds it. */
@ProviderType
public interface JournalEntry {

    /** @return the record's number, unique within its journal */
    long id();

    /** @return the resource type it was recorded with */
    String type();

    /** @return the pid that held it, if any */
    Optional<Pid> owner();

    /** @return what the type recorded to find it again; immutable */
    Map<String, String> attributes();

    /** @return one attribute, or {@code null} if it was not recorded */
    default String attribute(String key) {
        return attributes().get(key);
    }

    /** @return when it was recorded (milliseconds precision) */
    Instant recorded();
}
