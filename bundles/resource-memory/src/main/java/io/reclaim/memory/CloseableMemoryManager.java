package io.reclaim.memory;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link MemoryManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code MemoryManager}.
 */
@ProviderType
public interface CloseableMemoryManager extends MemoryManager, CloseableResourceManager {
}
