package io.reclaim.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the creator of a plain-Java resource manager holds beyond the owners' service: the
 * manager's cleanup handler, to hand to the orchestrator's builder, and the power to close it.
 * Each resource type names it once, e.g. {@code CloseableFileManager extends FileManager,
 * CloseableResourceManager}, and its {@code create} method returns that. In OSGi the component
 * registers the handler itself and nobody but the component closes the manager: the service
 * owners use is neither a {@link ResourceCleanup} nor closeable.
 */
@ProviderType
public interface CloseableResourceManager extends AutoCloseable {

    /** @return the handler that releases what a pid holds of this type; give it to the orchestrator */
    ResourceCleanup cleanupHandler();

    /**
     * Releases every resource of every pid and refuses later acquisitions with
     * {@link IllegalStateException}. Calling it again releases nothing.
     *
     * @return what was released
     */
    CleanupStats shutdown();

    /** {@link #shutdown()} for try-with-resources. */
    /**
     * Applies the settings every resource type has (tracking, held too long, limits,
     * inheritance: {@link io.reclaim.api.ledger.LedgerSettings}), as an OSGi component's
     * configuration does; absent keys take their defaults.
     *
     * @throws IllegalArgumentException naming the key and the value, if one is malformed; nothing changes
     */
    default void configure(Map<String, ?> settings) {
        io.reclaim.api.ledger.LedgerSettings.apply(cleanupHandler(), settings);
    }

    @Override
    default void close() {
        shutdown();
    }
}
