package io.reclaim.process;

import io.reclaim.api.ProcessManager;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A process manager built in plain Java. Closing it does what stopping the bundle does: every
 * live process is ended (ending {@link io.reclaim.api.Ending#SHUTDOWN}): SIGTERM to every OS tree
 * at once, the shutdown grace shared by all of them, then each one's ranked cleanup, which kills
 * what is left, so no OS child outlives it; a {@code terminate} waiting out a long grace is cut
 * short. Its {@code os-process} handler then leaves the orchestrator.
 */
@ProviderType
public interface CloseableProcessManager extends ProcessManager, AutoCloseable {

    /** Terminates every live process and refuses later spawns. Calling it again does nothing. */
    @Override
    void close();
}
