package io.reclaim.api.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;

import io.reclaim.api.Pid;

/**
 * A ledger's entries by pid, with no node per entry: pids are numbers handed out in order, so a
 * pid's entry is a slot of a page of {@value #SIZE} consecutive pids, found by the pid's number.
 * Reading, adding, replacing and removing an entry are one compare-and-set on its slot; pids share
 * no lock. A page is made for the first pid of its range. The newest two pages stay while empty,
 * so a pid that takes and releases its only resource over and over (and a churn of new pids) does
 * not make and retire a page each time; an older page is retired when its last entry goes, or, if
 * it was empty already, when a page two ranges on is made. So the table costs the live pages:
 * about 5 bytes per pid where pids are dense, at most one page (about 600 bytes) per pid where
 * they are sparse.
 *
 * <p>A page counts the entries placed in it, and entries about to be. Retiring a page is a
 * compare-and-set of that count from 0 to a mark no adder can pass; an adder that finds the page
 * retired drops it from the directory and makes a new one. So no entry is ever placed in a page
 * that has left the directory.
 */
final class PidTable {

    static final int SHIFT = 7;
    static final int SIZE = 1 << SHIFT;
    private static final int MASK = SIZE - 1;
    private static final int RETIRED = -1;

    /** {@value #SIZE} consecutive pids. */
    static final class Page {
        final long index;
        final AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(SIZE);
        /** Entries placed or being placed; {@link #RETIRED} once empty and out of the directory. */
        final AtomicInteger entries = new AtomicInteger();

        Page(long index) {
            this.index = index;
        }

        /** @return false if the page is retired: it takes no entry any more */
        boolean enter() {
            for (;;) {
                int now = entries.get();
                if (now == RETIRED) {
                    return false;
                }
                if (entries.compareAndSet(now, now + 1)) {
                    return true;
                }
            }
        }

    }

    private final ConcurrentHashMap<Long, Page> pages = new ConcurrentHashMap<>();
    /** The page of the highest range made: where a churn of new pids goes, found without boxing its index. */
    private final AtomicReference<Page> newest = new AtomicReference<>();

    private Page page(long index) {
        Page hint = newest.get();
        return hint != null && hint.index == index ? hint : pages.get(index);
    }

    Object get(Pid pid) {
        Page page = page(pid.value() >>> SHIFT);
        return page == null ? null : page.slots.get(slot(pid));
    }

    /** @return the entry already there, or null if {@code value} was put */
    Object putIfAbsent(Pid pid, Object value) {
        long index = pid.value() >>> SHIFT;
        int slot = slot(pid);
        Page page = page(index);
        for (;;) {
            if (page == null) {
                page = pages.computeIfAbsent(index, Page::new);
                for (Page before = newest.get(); before == null || page.index > before.index; before = newest.get()) {
                    if (newest.compareAndSet(before, page)) {
                        retireIfEmpty(page.index - 2); // it stayed while it was one of the newest two
                        break;
                    }
                }
            }
            if (!page.enter()) {
                pages.remove(index, page); // retired under us: help it out, make a new one
                page = null;
                continue;
            }
            Object there = page.slots.compareAndExchange(slot, null, value);
            if (there != null) {
                leave(page);
            }
            return there;
        }
    }

    boolean replace(Pid pid, Object expected, Object value) {
        Page page = page(pid.value() >>> SHIFT);
        return page != null && page.slots.compareAndSet(slot(pid), expected, value);
    }

    /** @return the entry removed, or null if there was none */
    Object remove(Pid pid) {
        Page page = page(pid.value() >>> SHIFT);
        if (page == null) {
            return null;
        }
        int slot = slot(pid);
        for (;;) {
            Object there = page.slots.get(slot);
            if (there == null) {
                return null;
            }
            if (page.slots.compareAndSet(slot, there, null)) {
                leave(page);
                return there;
            }
        }
    }

    boolean remove(Pid pid, Object expected) {
        Page page = page(pid.value() >>> SHIFT);
        if (page != null && page.slots.compareAndSet(slot(pid), expected, null)) {
            leave(page);
            return true;
        }
        return false;
    }

    /** Weakly consistent, like a concurrent map's iteration. */
    void forEach(BiConsumer<Pid, Object> action) {
        for (Page page : pages.values()) {
            for (int i = 0; i < SIZE; i++) {
                Object there = page.slots.get(i);
                if (there != null) {
                    action.accept(Pid.of(page.index << SHIFT | i), there);
                }
            }
        }
    }

    List<Pid> pids() {
        List<Pid> pids = new ArrayList<>();
        forEach((pid, entry) -> pids.add(pid));
        return pids;
    }

    /** @return the pages the table holds now: what it costs */
    int pages() {
        return pages.size();
    }

    private void leave(Page page) {
        Page latest = newest.get();
        boolean old = latest == null || page.index < latest.index - 1;
        if (page.entries.decrementAndGet() == 0 && old && page.entries.compareAndSet(0, RETIRED)) {
            pages.remove(page.index, page);
        }
    }

    private void retireIfEmpty(long index) {
        Page page = index < 0 ? null : pages.get(index);
        if (page != null && page.entries.compareAndSet(0, RETIRED)) {
            pages.remove(index, page);
        }
    }

    private static int slot(Pid pid) {
        return (int) (pid.value() & MASK);
    }
}
