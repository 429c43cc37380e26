package io.reclaim.tasks;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link TaskManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code TaskManager}.
 */
@ProviderType
public interface CloseableTaskManager extends TaskManager, CloseableResourceManager {
}
