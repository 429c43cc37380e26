package io.reclaim.orchestrator;

import io.reclaim.api.ResourceOrchestrator;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A {@link ResourceOrchestrator} built in plain Java. It owns the daemon threads that run the
 * handlers under their timeout; {@link #close()} stops them. In OSGi the component does this on
 * deactivation.
 */
@ProviderType
public interface EmbeddedOrchestrator extends ResourceOrchestrator, AutoCloseable {

    /**
     * Stops the cleanup threads. A cleanup already running finishes; later calls of
     * {@link #cleanupProcess} throw {@link IllegalStateException}. Closing twice does nothing.
     */
    @Override
    void close();
}
