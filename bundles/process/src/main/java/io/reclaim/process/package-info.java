/**
 * The process manager in plain Java: {@link io.reclaim.process.ProcessManagers#builder()} builds a
 * {@link io.reclaim.api.ProcessManager} that is also the platform's
 * {@link io.reclaim.api.ProcessGate}, and registers the {@code os-process} cleanup handler with the
 * given orchestrator. In an OSGi framework the bundle's component {@code io.reclaim.process} does
 * the same through the service registry.
 */
@Version("1.1.0")
@Export
package io.reclaim.process;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
