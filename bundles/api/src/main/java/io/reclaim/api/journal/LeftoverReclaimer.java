package io.reclaim.api.journal;

import org.osgi.annotation.versioning.ConsumerType;

import io.reclaim.api.CleanupStats;

/**
 * Ends or deletes what an earlier run of the JVM recorded in the journal and never released,
 * because that JVM died. Register one as an OSGi service with the service property {@link #TYPE}
 * naming the resource type it reclaims: when it appears, the platform hands it, on a thread of its
 * own, every leftover of that type, one call each. A call that returns removes the record; a call
 * that throws keeps it for the next start and is reported as an error.
 *
 * <p>The thing a record names may be gone already, or its name may have been taken by something
 * else since (an OS pid reused by an unrelated process, a path recreated): check before ending
 * anything, and answer {@link CleanupStats#NONE} when there is nothing of ours left.
 */
@ConsumerType
public interface LeftoverReclaimer {

    /** Service property: the resource type whose leftovers this reclaimer takes, as recorded. */
    String TYPE = "reclaim.journal.type";

    /**
     * @param leftover a record of an earlier run that was never removed
     * @return what was really ended or deleted
     * @throws Exception if it could not be reclaimed; the record stays for the next start
     */
    CleanupStats reclaim(JournalEntry leftover) throws Exception;
}
