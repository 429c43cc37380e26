package io.reclaim.mmap;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link MmapManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code MmapManager}.
 */
@ProviderType
public interface CloseableMmapManager extends MmapManager, CloseableResourceManager {
}
