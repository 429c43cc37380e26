/**
 * Off-heap memory owned by a process, under a per-process quota. Every allocation is freed at
 * once when its owner releases it or its process ends, not whenever the garbage collector gets
 * to it.
 */
@Version("2.0.0")
@Export
package io.reclaim.memory;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
