package io.reclaim.process;

import io.reclaim.api.ProcessManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A process manager built in plain Java. Closing it does what stopping the bundle does: every
 * live process is terminated at once (ending {@link io.reclaim.api.Ending#SHUTDOWN}, no grace),
 * so no OS child outlives it, and its {@code os-process} handler leaves the orchestrator.
 */
@ProviderType
public interface CloseableProcessManager extends ProcessManager, AutoCloseable {

    /** Terminates every live process and refuses later spawns. Calling it again does nothing. */
    @Override
    void close();
}
