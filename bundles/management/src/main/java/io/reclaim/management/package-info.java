/**
 * What Reclaim publishes to the rest of an OSGi system: the Event Admin topics and event
 * properties of {@link io.reclaim.management.ReclaimEvents}, for subscribers that want names
 * rather than strings.
 */
@Version("1.2.0")
@Export
package io.reclaim.management;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
