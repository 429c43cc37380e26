package io.reclaim.api.ledger;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The native regions of one resource type that were released while code still pinned them: kept,
 * not freed, until their last pin ends. {@link ResourceManagerSupport} keeps one per manager and
 * reports it in {@link io.reclaim.api.ResourceTotals}.
 */
public final class Quarantine {

    private final AtomicLong regions = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder freedLater = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile String lastFailure;

    void hold(long size) {
        regions.incrementAndGet();
        bytes.addAndGet(size);
    }

    void unhold(long size) {
        regions.decrementAndGet();
        bytes.addAndGet(-size);
    }

    void freed(long size) {
        unhold(size);
        freedLater.increment();
    }

    void failed(long size, String why) {
        unhold(size);
        failures.increment();
        lastFailure = why;
    }

    /** @return regions quarantined now */
    public long regions() {
        return regions.get();
    }

    /** @return bytes quarantined now */
    public long bytes() {
        return bytes.get();
    }

    /** @return regions freed by their last pin after being quarantined, since this was made */
    public long freedLater() {
        return freedLater.sum();
    }

    /** @return quarantined regions whose freeing failed when their last pin ended */
    public long failures() {
        return failures.sum();
    }

    /** @return the message of the last such failure, or {@code null} */
    public String lastFailure() {
        return lastFailure;
    }

    @Override
    public String toString() {
        return regions() + " regions (" + bytes() + " bytes) quarantined";
    }
}
