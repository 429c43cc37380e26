package io.reclaim.ipc.internal;

import java.util.ArrayDeque;
import java.util.List;

import io.reclaim.ipc.DeadLetter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded record of dead letters. When it is full the oldest are evicted, and every eviction
 * is counted and logged, so even the record's own limit drops nothing silently.
 */
final class DeadLetterOffice {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterOffice.class);

    // guarded by this
    private final ArrayDeque<DeadLetter> letters = new ArrayDeque<>();
    private int capacity;
    private long evicted;

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
        LOG.warn("{} dead letter(s) evicted, the record keeps {}; the oldest was from pid {} to pid {}, sent {}",
                over, capacity, first.from(), first.to(), first.sent());
    }
}
