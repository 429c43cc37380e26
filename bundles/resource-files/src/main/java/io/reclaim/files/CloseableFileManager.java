package io.reclaim.files;

import org.osgi.annotation.versioning.ProviderType;

import io.reclaim.api.CloseableResourceManager;

/**
 * A {@link FileManager} made in plain Java, as its creator holds it: with the cleanup handler to give the
 * orchestrator's builder and the power to shut the manager down. The OSGi service is only a
 * {@code FileManager}.
 */
@ProviderType
public interface CloseableFileManager extends FileManager, CloseableResourceManager {
}
