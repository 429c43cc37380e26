package io.reclaim.timers;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link TimerManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code TimerManager}.
 */
@ProviderType
public interface CloseableTimerManager extends TimerManager, CloseableResourceManager {
}
