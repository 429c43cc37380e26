/**
 * Per-process bounded mailboxes: processes send each other messages, a receiver waits with a
 * timeout, and messages still queued when a mailbox goes away are dead-lettered, never silently
 * dropped.
 */
@Version("2.0.0")
@Export
package io.reclaim.ipc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
