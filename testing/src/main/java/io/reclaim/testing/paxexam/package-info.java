/**
 * pax-exam options that provision Reclaim, in the versions this release was built with, into a
 * native Felix container ({@link io.reclaim.testing.paxexam.ReclaimOptions#reclaim()}) or into
 * Karaf ({@link io.reclaim.testing.paxexam.ReclaimOptions#karafFeatures()}).
 */
@Version("1.0.0")
@Export
package io.reclaim.testing.paxexam;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
