/** Component property types for Reclaim's own service properties. */
@Version("1.0.0")
@Export
package io.reclaim.api.annotations;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
