package io.reclaim.signals;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;
import io.reclaim.api.TerminationListener;

/**
 * A {@link SignalManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code SignalManager}.
 */
@ProviderType
public interface CloseableSignalManager extends SignalManager, CloseableResourceManager {

    /**
     * Delivers {@link #TERM} to the TERM handlers of a pid that is TERMINATING; give it to the
     * process manager's builder. It returns at once, the handlers run on the manager's threads.
     * Nothing happens for a pid that is still RUNNING or has no TERM handler.
     */
    TerminationListener terminationListener();
}
