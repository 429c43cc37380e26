/**
 * What the kernel says this JVM holds (descriptors, the process table) and component
 * configurations as SCR hands them over. The tests of this reactor use it directly; the testing
 * kit ({@code reclaim-testing}) compiles it in and exports it to everyone else's tests.
 */
@Version("1.0.0")
@Export
package io.reclaim.testing;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
