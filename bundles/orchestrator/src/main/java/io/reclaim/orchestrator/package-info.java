/**
 * The orchestrator in plain Java: {@link io.reclaim.orchestrator.ResourceOrchestrators#builder()}
 * builds the same {@link io.reclaim.api.ResourceOrchestrator} that the OSGi component
 * {@code io.reclaim.orchestrator} registers, for embedding and tests.
 */
@Version("1.0.0")
@Export
package io.reclaim.orchestrator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
