/**
 * Memory-mapped file regions owned by a process. Every mapping is unmapped deterministically when
 * its owner releases it or its process ends, after a shared mapping has been synced to its file.
 */
@Version("2.0.0")
@Export
package io.reclaim.mmap;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
