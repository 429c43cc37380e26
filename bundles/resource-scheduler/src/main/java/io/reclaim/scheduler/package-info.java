/**
 * The run queue of Reclaim: entries that managed processes enqueue and worker threads take, one
 * process at a time, so that a process flooding the queue cannot starve the others.
 */
@Version("2.0.0")
@Export
package io.reclaim.scheduler;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
