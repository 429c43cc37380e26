/**
 * Temporary directories owned by managed processes: {@link io.reclaim.example.tempdir.TempDirManager}
 * creates them on behalf of a pid and deletes each, with everything in it, when the pid ends.
 * An example of a resource type that a third party ships as its own bundle.
 */
@Version("2.0.0")
@Export
package io.reclaim.example.tempdir;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
