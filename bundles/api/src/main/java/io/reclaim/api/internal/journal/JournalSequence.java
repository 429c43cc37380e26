package io.reclaim.api.internal.journal;

import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.journal.Sequence;

/**
 * Draws numbers with one atomic increment; only the draw that crosses the reserved limit takes the
 * lock and writes (and fsyncs) the next block's limit before handing its number out.
 */
final class JournalSequence implements Sequence {

    private final FileJournal journal;
    private final String name;
    private final AtomicLong value;
    private volatile long limit;

    JournalSequence(FileJournal journal, String name, long start, boolean inMemory) {
        this.journal = journal;
        this.name = name;
        this.value = new AtomicLong(start);
        this.limit = inMemory ? Long.MAX_VALUE : start;
    }

    String name() {
        return name;
    }

    long limit() {
        return limit;
    }

    @Override
    public long next() {
        long number = value.incrementAndGet();
        return number <= limit ? number : reserve(number);
    }

    @Override
    public long last() {
        return value.get();
    }

    private synchronized long reserve(long number) {
        while (number > limit) {
            long next = Math.max(limit, number - 1) + FileJournal.BLOCK;
            journal.reserve(name, next);
            limit = next;
        }
        return number;
    }

    /** At close: nothing more is drawn, so the limit to remember is the last number handed out. */
    void settle() {
        if (limit != Long.MAX_VALUE) {
            limit = value.get();
        }
    }

    @Override
    public String toString() {
        return "sequence " + name + " at " + value.get();
    }
}
