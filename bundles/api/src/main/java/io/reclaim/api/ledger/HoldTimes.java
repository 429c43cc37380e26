package io.reclaim.api.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Finds the resources of one ledger held too long by a pid that still runs, the way a connection
 * pool's leak detection reports a connection not returned in time.
 *
 * <p>With a threshold set, each acquisition appends a stamp to a queue, which is therefore in
 * acquisition order; nothing is stamped without one. A sweep takes stamps from the head only
 * while they are older than the threshold: those still held by a running pid become suspects, the
 * rest are dropped. So a sweep costs the suspects plus what aged past the threshold since the
 * last sweep, never a scan of everything tracked. A released lease's stamp stays queued until it
 * ages past the threshold.
 */
final class HoldTimes {

    /** When a lease was acquired, by {@link System#nanoTime()}. */
    record Stamp(Lease<?> lease, long since) {
    }

    private final ConcurrentLinkedQueue<Stamp> stamps = new ConcurrentLinkedQueue<>();
    /** Guarded by this: stamps past the threshold whose lease was still held at the last sweep. */
    private final Map<Lease<?>, Stamp> suspects = new IdentityHashMap<>();
    private volatile long threshold;

    /** @param threshold how long a running pid may hold a resource; zero or negative turns stamping off */
    synchronized void configure(Duration threshold) {
        long nanos = threshold.isNegative() ? 0 : threshold.toNanos();
        this.threshold = nanos;
        if (nanos == 0) {
            stamps.clear();
            suspects.clear();
        }
    }

    Duration threshold() {
        return Duration.ofNanos(threshold);
    }

    /** On the acquisition path: one volatile read without a threshold. */
    void stamp(Lease<?> lease) {
        if (threshold != 0) {
            stamps.add(new Stamp(lease, System.nanoTime()));
        }
    }

    /**
     * @param suspected whether a lease still counts: held, by a pid that runs
     * @return the stamps of the leases held longer than the threshold, oldest first
     */
    synchronized List<Stamp> sweep(Predicate<Lease<?>> suspected) {
        long limit = threshold;
        if (limit == 0) {
            return List.of();
        }
        long now = System.nanoTime();
        for (Iterator<Stamp> it = suspects.values().iterator(); it.hasNext();) {
            if (!suspected.test(it.next().lease())) {
                it.remove();
            }
        }
        for (Stamp head = stamps.peek(); head != null && now - head.since() >= limit; head = stamps.peek()) {
            stamps.poll();
            if (suspected.test(head.lease())) {
                suspects.put(head.lease(), head);
            }
        }
        List<Stamp> found = new ArrayList<>(suspects.values());
        found.sort((a, b) -> Long.compare(a.since(), b.since()));
        return found;
    }
}
