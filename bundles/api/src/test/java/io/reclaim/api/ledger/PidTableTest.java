package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.Pid;

public class PidTableTest {

    private final PidTable table = new PidTable();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    @Test
    public void entriesAreFoundReplacedAndRemovedByPidAndEmptyOlderPagesAreRetired() {
        Pid first = Pid.of(1);
        Pid far = Pid.of(1L << 40);
        Object a = new Object();
        Object b = new Object();

        assertNull(table.putIfAbsent(first, a));
        assertSame(a, table.putIfAbsent(first, b));
        assertNull(table.putIfAbsent(far, b));
        assertEquals(2, table.pages());
        assertTrue(table.replace(first, a, b));
        assertFalse(table.replace(first, a, b));
        assertSame(b, table.get(first));
        assertFalse(table.remove(first, a));
        assertTrue(table.remove(first, b));
        assertSame(b, table.remove(far));
        assertNull(table.remove(far));

        assertNull(table.get(first));
        assertEquals("the newest page stays for the pids after it", 1, table.pages());
        assertEquals(List.of(), table.pids());
    }

    @Test
    public void iterationNamesEveryPidThatHasAnEntry() {
        List<Pid> pids = List.of(Pid.of(3), Pid.of(PidTable.SIZE), Pid.of(PidTable.SIZE + 1L), Pid.of(999_999));
        pids.forEach(pid -> table.putIfAbsent(pid, pid));

        List<Pid> found = table.pids();
        found.sort(null);
        assertEquals(pids, found);
        table.forEach((pid, entry) -> assertEquals(pid, entry));
    }

    @Test
    public void aChurnOfNewPidsKeepsOnlyTheNewestPagesAndAPidCyclingItsOnlyEntryKeepsItsPage() {
        for (long value = 1; value <= 100 * PidTable.SIZE; value++) {
            Pid pid = Pid.of(value);
            Object entry = new Object();
            table.putIfAbsent(pid, entry);
            table.remove(pid, entry);
        }
        assertTrue("pages: " + table.pages(), table.pages() <= 2);

        Pid cycling = Pid.of(100L * PidTable.SIZE);
        for (int i = 0; i < 1000; i++) {
            Object entry = new Object();
            table.putIfAbsent(cycling, entry);
            table.remove(cycling, entry);
        }
        assertTrue("pages: " + table.pages(), table.pages() <= 2);
    }

    /**
     * Threads add and remove entries of pids that share pages, so pages are retired and made
     * again all the time: no entry is ever lost in a retired page, and none outlives its removal.
     */
    @Test
    public void entriesRacingPageRetirementAreNeverLost() throws Exception {
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            racers.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < 20_000; round++) {
                    // pids t, t+4, t+8... of one page per round: the threads share each page
                    Pid pid = Pid.of((long) (round / 8) * PidTable.SIZE + offset + 4L * (round % 8) + 1);
                    Object entry = new Object();
                    if (table.putIfAbsent(pid, entry) != null) {
                        throw new AssertionError("pid " + pid + " had an entry before it was added");
                    }
                    if (table.get(pid) != entry) {
                        throw new AssertionError("pid " + pid + " lost its entry");
                    }
                    if (!table.remove(pid, entry) || table.get(pid) != null) {
                        throw new AssertionError("pid " + pid + " kept its entry after removal");
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> racer : racers) {
            racer.get(60, TimeUnit.SECONDS);
        }
        assertTrue("only the newest two pages stay: " + table.pages(), table.pages() <= 2);
    }
}
