package io.reclaim.example.tempdir;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link TempDirManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code TempDirManager}.
 */
@ProviderType
public interface CloseableTempDirManager extends TempDirManager, CloseableResourceManager {
}
