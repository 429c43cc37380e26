/**
 * The journal: one record per thing that can outlive the JVM — an OS child, a ring file, a
 * directory, any third party's resource — written when it comes to exist and removed when it is
 * released, so that the next start finds what a JVM that died without cleanup (kill -9, the OOM
 * killer, a power loss) left behind, and hands each leftover to the {@link
 * io.reclaim.api.journal.LeftoverReclaimer} of its type.
 *
 * <h2>How to use it from a resource type</h2>
 * <ol>
 * <li>When the thing exists: {@code JournalEntry entry = journal.record(TYPE, pid, Map.of("file", path))};
 * keep the entry with the resource.</li>
 * <li>When it is released: {@code journal.remove(entry)}.</li>
 * <li>Register a {@link io.reclaim.api.journal.LeftoverReclaimer} service with the service property
 * {@value io.reclaim.api.journal.LeftoverReclaimer#TYPE}{@code =TYPE}: at start it gets every record of
 * {@code TYPE} that an earlier run left, and ends or deletes what it names.</li>
 * </ol>
 *
 * <h2>The file and its durability</h2>
 * The journal is one append-only file, {@code journal.log}, in its directory ({@code journal/} of the
 * Reclaim home). Every record is framed by its length and a CRC-32 of its bytes and written with one
 * {@code write} call: once {@code record} returns, the record survives the death of the JVM
 * (kill -9, the OOM killer), because it is in the kernel's page cache. Records are not fsynced one
 * by one — a power loss ends every OS child anyway — except the reservations of a
 * {@link io.reclaim.api.journal.Sequence}, which are fsynced once per block so that a number is
 * never handed out twice, and the compacted file, which is fsynced before it replaces the old one.
 * A torn last record (the JVM died in the middle of a write) and a record whose CRC does not match
 * are skipped with a warning, never fatal. The file is rewritten with only the live records when it
 * is opened, when it is closed, and when removals outnumber live records four to one. A second
 * JVM cannot open the same journal: a lock file says it is in use.
 */
@Version("1.0.0")
@Export
package io.reclaim.api.journal;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
