/**
 * What this JVM holds at the OS level (descriptors, file mappings, threads, direct memory), read
 * the same way by the shell's {@code reclaim:selftest} and by the testing kit's leak rule, so
 * both judge a leak with the same tolerances.
 */
@Version("1.0.0")
@Export
package io.reclaim.api.readings;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
