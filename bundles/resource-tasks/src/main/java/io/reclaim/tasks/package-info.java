/**
 * Async tasks owned by managed processes: submitted through the platform's run queue, run by a
 * fixed pool of worker threads, and cancelled with interruption when their process ends.
 */
@Version("2.0.0")
@Export
package io.reclaim.tasks;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
