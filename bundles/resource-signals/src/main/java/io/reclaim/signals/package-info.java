/**
 * Per-process signal handlers: named signals (TERM, INT, HUP, USR1, USR2 and custom names) sent
 * to a pid, held pending until it handles them, TERM delivered when the pid starts to terminate,
 * and real JVM signals forwarded to the pids that subscribed.
 */
@Version("2.0.0")
@Export
package io.reclaim.signals;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
