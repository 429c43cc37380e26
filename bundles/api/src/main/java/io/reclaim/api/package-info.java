/**
 * Reclaim's core contract: process ids, the {@link io.reclaim.api.ResourceCleanup} SPI that every
 * resource type implements, the results of a cleanup, and the services that spawn processes and
 * run their cleanup.
 */
@Version("2.0.0")
@Export
package io.reclaim.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
