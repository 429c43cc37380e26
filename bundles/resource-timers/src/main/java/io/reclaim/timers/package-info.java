/**
 * Timers owned by managed processes: one-shot, fixed-rate and fixed-delay, fired by a small shared
 * pool of threads, and cancelled when their process ends.
 */
@Version("2.0.0")
@Export
package io.reclaim.timers;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
