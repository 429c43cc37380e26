package io.reclaim.ipc.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.ipc.DeadLetter;

/**
 * The bounded record of dead letters. When it is full the oldest are evicted; every eviction is
 * counted ({@code IpcManager.deadLettersEvicted()}) and logged, the first at WARN and the rest at
 * most once a minute with the count since, so a churn of unread mailboxes cannot flood the log.
 */
final class DeadLetterOffice {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOffice.class);

    // guarded by this
    private final ArrayDeque<DeadLetter> letters = new ArrayDeque<>();
    private int capacity;
    private long evicted;
    private long evictedAtLastWarning;
    private long lastWarningNanos;
    private boolean warned;

    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    DeadLetterOffice(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(List<DeadLetter> dead) {
        letters.addAll(dead);
        trim();
    }

    synchronized void resize(int newCapacity) {
        capacity = newCapacity;
        trim();
    }

    synchronized List<DeadLetter> letters() {
        return List.copyOf(letters);
    }

    synchronized long evicted() {
        return evicted;
    }

    private void trim() {
        int over = letters.size() - capacity;
        if (over <= 0) {
            return;
        }
        DeadLetter first = letters.peek();
        for (int i = 0; i < over; i++) {
            letters.poll();
        }
        evicted += over;
        long now = System.nanoTime();
        if (!warned || now - lastWarningNanos >= WARNING_INTERVAL_NANOS) {
            LOG.warn("{} dead letter(s) evicted since the last warning ({} in all), the record keeps {}; "
                    + "the oldest just evicted was from pid {} to pid {}, sent {}", evicted - evictedAtLastWarning,
                    evicted, capacity, first.from(), first.to(), first.sent());
            warned = true;
            lastWarningNanos = now;
            evictedAtLastWarning = evicted;
        } else {
            LOG.debug("{} dead letter(s) evicted, the record keeps {}", over, capacity);
        }
    }
}
