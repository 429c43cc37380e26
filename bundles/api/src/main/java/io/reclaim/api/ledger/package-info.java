/**
 * The ownership ledger: per-pid tracking of resources, written once and reused by every resource
 * bundle, so that a new resource type needs only its acquire and release code.
 */
@Version("2.1.0")
@Export
package io.reclaim.api.ledger;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
