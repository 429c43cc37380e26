package io.reclaim.scheduler;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link Scheduler} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code Scheduler}.
 */
@ProviderType
public interface CloseableScheduler extends Scheduler, CloseableResourceManager {
}
