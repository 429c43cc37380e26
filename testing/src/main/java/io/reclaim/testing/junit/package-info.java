/**
 * JUnit 4 tools for the authors of resource types and of bundles that spawn processes:
 * {@link io.reclaim.testing.junit.ReclaimLeakRule} fails a test that leaves anything behind, and
 * {@link io.reclaim.testing.junit.ResourceTypeConformanceTest} checks the contract every resource
 * type keeps, against the real orchestrator and process manager.
 */
@Version("1.0.0")
@Export
package io.reclaim.testing.junit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
