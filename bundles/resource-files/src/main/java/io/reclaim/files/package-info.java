/**
 * File descriptors owned by managed processes: {@link io.reclaim.files.FileManager} opens real
 * {@link java.nio.channels.FileChannel}s on behalf of a pid and closes every one the pid still
 * holds when it ends.
 */
@Version("2.0.0")
@Export
package io.reclaim.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
