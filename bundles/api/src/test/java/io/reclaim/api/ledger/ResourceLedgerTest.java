package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;

public class ResourceLedgerTest {

    /** A resource that knows whether it was released, and how often. */
    static final class Thing {
        final int size;
        final AtomicInteger releases = new AtomicInteger();

        Thing(int size) {
            this.size = size;
        }
    }

    private final ConcurrentHashMap<Pid, ProcessState> table = new ConcurrentHashMap<>();
    private final ResourceLedger<Thing> ledger = new ResourceLedger<>("things", table::get,
            thing -> thing.releases.incrementAndGet(), thing -> thing.size);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    private Pid running(long value) {
        Pid pid = Pid.of(value);
        table.put(pid, ProcessState.RUNNING);
        return pid;
    }

    /** Sizes -1 and -2 make the size lookup or the release throw an Error. */
    private final ResourceLedger<Thing> faulty = new ResourceLedger<>("faulty", table::get, thing -> {
        thing.releases.incrementAndGet();
        if (thing.size == -2) {
            throw new AssertionError("release broke");
        }
    }, thing -> {
        if (thing.size == -1) {
            throw new StackOverflowError("size lookup broke");
        }
        return Math.max(0, thing.size);
    });

    @Test
    public void anErrorFromOneSizeLookupOrReleaseIsRecordedAndEveryOtherLeaseIsStillReleased() {
        Pid pid = running(1);
        List<Thing> things = List.of(new Thing(100), new Thing(-1), new Thing(-2), new Thing(100));
        things.forEach(thing -> faulty.track(pid, thing));

        CleanupStats stats = faulty.cleanup(pid);

        things.forEach(thing -> assertEquals("released once", 1, thing.releases.get()));
        assertEquals(2, stats.errorsEncountered());
        assertEquals(3, stats.resourcesFreed());
        assertEquals(200, stats.bytesFreed());
        assertTrue(stats.errors().toString(), stats.errors().get(0).contains("size lookup"));
        assertTrue(stats.errors().toString(), stats.errors().get(1).contains("AssertionError: release broke"));
        assertFalse(faulty.has(pid));
        assertEquals(3, faulty.totals().released());
        assertEquals(2, faulty.totals().failures());
    }

    @Test
    public void anErrorFromTheSizeLookupOfAnOwnersReleaseStillReleasesTheResource() {
        Pid pid = running(1);
        Thing unsized = new Thing(-1);
        Lease<Thing> lease = faulty.track(pid, unsized);

        ReleaseFailedException failed = assertThrows(ReleaseFailedException.class, () -> faulty.release(pid, lease));

        assertTrue(failed.getCause() instanceof StackOverflowError);
        assertEquals(1, unsized.releases.get());
        assertFalse(faulty.has(pid));
        assertFalse(lease.isHeld());
    }

    @Test
    public void aCleanupReleasesAPidsResourcesInTheOrderItAcquiredThem() {
        List<Thing> released = new ArrayList<>();
        ResourceLedger<Thing> ordered = new ResourceLedger<>("ordered", table::get, released::add, thing -> thing.size);
        for (int held : new int[] {3, 16, 17, 1_000}) { // packed, at the packed limit, hashed, large
            Pid pid = running(held);
            List<Lease<Thing>> leases = new ArrayList<>();
            for (int i = 0; i < held; i++) {
                leases.add(ordered.track(pid, new Thing(i)));
            }
            List<Thing> expected = new ArrayList<>();
            for (int i = 0; i < held; i++) {
                if (i % 3 == 1) {
                    ordered.release(pid, leases.get(i)); // released by its owner meanwhile
                } else {
                    expected.add(leases.get(i).resource(pid));
                }
            }
            Thing late = new Thing(-3);
            ordered.track(pid, late);
            expected.add(late);
            released.clear();

            ordered.cleanup(pid);

            assertEquals("holding " + held, expected, released);
        }
    }

    @Test
    public void aPidThatReleasedMostOfWhatItTookIsStillCleanedUpInTheOrderItAcquired() {
        List<Thing> released = new ArrayList<>();
        ResourceLedger<Thing> ordered = new ResourceLedger<>("ordered", table::get, released::add, thing -> thing.size);
        Pid pid = running(1);
        List<Thing> expected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Lease<Thing> lease = ordered.track(pid, new Thing(i));
            if (i % 50 == 0) {
                expected.add(lease.resource(pid)); // one in 50 kept: far more was taken than is held
            } else {
                ordered.release(pid, lease);
            }
        }
        released.clear();

        ordered.cleanup(pid);

        assertEquals(expected, released);
    }

    @Test
    public void cleanupReleasesEverythingThePidHoldsAndCountsIt() {
        Pid pid = running(1);
        List<Thing> things = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thing thing = new Thing(100);
            things.add(thing);
            ledger.track(pid, thing);
        }
        assertEquals(new ResourceUsage(10, 1000), ledger.usage(pid));

        CleanupStats stats = ledger.cleanup(pid);

        assertEquals(CleanupStats.freed(10, 1000), stats);
        things.forEach(t -> assertEquals(1, t.releases.get()));
        assertFalse(ledger.has(pid));
        assertEquals(CleanupStats.NONE, ledger.cleanup(pid));
    }

    @Test
    public void cleanupOfOnePidLeavesOthersAlone() {
        Pid one = running(1);
        Pid two = running(2);
        Thing mine = new Thing(1);
        Thing theirs = new Thing(1);
        ledger.track(one, mine);
        Lease<Thing> kept = ledger.track(two, theirs);

        ledger.cleanup(one);

        assertEquals(0, theirs.releases.get());
        assertTrue(kept.isHeld());
        assertSame(theirs, kept.resource(two));
    }

    @Test
    public void acquisitionForAPidThatIsNotRunningFailsBeforeOpening() {
        Pid pid = running(1);
        table.put(pid, ProcessState.TERMINATING);
        AtomicInteger opened = new AtomicInteger();

        ProcessNotRunningException e = assertThrows(ProcessNotRunningException.class,
                () -> ledger.acquire(pid, () -> {
                    opened.incrementAndGet();
                    return new Thing(1);
                }));

        assertEquals("pid 1 is TERMINATING: it can acquire no resources", e.getMessage());
        assertEquals(0, opened.get());
        assertFalse(ledger.has(pid));
        assertThrows(ProcessNotRunningException.class, () -> ledger.acquire(Pid.of(99), () -> new Thing(1)));
    }

    @Test
    public void trackingForAClosedGateReleasesTheResourceItWasGiven() {
        Pid pid = running(1);
        table.put(pid, ProcessState.TERMINATED);
        Thing thing = new Thing(1);

        assertThrows(ProcessNotRunningException.class, () -> ledger.track(pid, thing));

        assertEquals(1, thing.releases.get());
        assertFalse(ledger.has(pid));
        assertTrue(ledger.owners().isEmpty());
    }

    @Test
    public void failedOpeningTracksNothing() {
        Pid pid = running(1);
        assertThrows(IOException.class, () -> ledger.acquire(pid, () -> {
            throw new IOException("no such file: /nope");
        }));
        assertFalse(ledger.has(pid));
    }

    @Test
    public void anotherPidCanNeitherUseNorReleaseAHandle() {
        Pid owner = running(1);
        Pid other = running(2);
        Thing thing = new Thing(1);
        Lease<Thing> lease = ledger.track(owner, thing);

        assertEquals("things handle belongs to pid 1, not to pid 2",
                assertThrows(WrongOwnerException.class, () -> ledger.release(other, lease)).getMessage());
        assertThrows(WrongOwnerException.class, () -> lease.resource(other));
        assertEquals(0, thing.releases.get());
        assertTrue(lease.isHeld());
    }

    @Test
    public void releasingTwiceIsRefusedAndReleasesOnce() {
        Pid pid = running(1);
        Thing thing = new Thing(64);
        Lease<Thing> lease = ledger.track(pid, thing);

        assertEquals(64, ledger.release(pid, lease));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.release(pid, lease));

        assertEquals("things handle of pid 1 is already released", e.getMessage());
        assertThrows(IllegalStateException.class, () -> lease.resource(pid));
        assertEquals(1, thing.releases.get());
        assertEquals(CleanupStats.NONE, ledger.cleanup(pid));
    }

    @Test
    public void aFailingReleaseIsCountedAndTheRestStillReleased() {
        ResourceLedger<Thing> fragile = new ResourceLedger<>("things", table::get, thing -> {
            if (thing.size == 13) {
                throw new IOException("device busy");
            }
            thing.releases.incrementAndGet();
        }, thing -> thing.size);
        Pid pid = running(1);
        fragile.track(pid, new Thing(1));
        fragile.track(pid, new Thing(13));
        fragile.track(pid, new Thing(1));

        CleanupStats stats = fragile.cleanup(pid);

        assertEquals(2, stats.resourcesFreed());
        assertEquals(2, stats.bytesFreed());
        assertEquals(1, stats.errorsEncountered());
        assertTrue(stats.errors().get(0), stats.errors().get(0).contains("device busy"));
        assertFalse(fragile.has(pid));
    }

    @Test
    public void closingTheLedgerReleasesEveryPidAndRefusesLaterAcquisitions() {
        Pid one = running(1);
        Pid two = running(2);
        Thing a = new Thing(1);
        Thing b = new Thing(1);
        ledger.track(one, a);
        ledger.track(two, b);

        assertEquals(2, ledger.close().resourcesFreed());

        assertEquals(1, a.releases.get());
        assertEquals(1, b.releases.get());
        Thing late = new Thing(1);
        assertThrows(IllegalStateException.class, () -> ledger.track(one, late));
        assertEquals(1, late.releases.get());
        assertTrue(ledger.owners().isEmpty());
    }

    @Test
    public void cleanupOfARunningPidLetsItAcquireAgain() {
        Pid pid = running(1);
        ledger.track(pid, new Thing(1));
        ledger.cleanup(pid);

        Lease<Thing> again = ledger.track(pid, new Thing(1));

        assertTrue(again.isHeld());
        assertEquals(1, ledger.usage(pid).count());
    }

    /**
     * DESIGN rule 2 under contention: threads keep acquiring for a pid while it is terminated the
     * way the process manager does it (close the gate, then sweep). Every resource must be released
     * exactly once, and nothing may stay tracked.
     */
    @Test(timeout = 60_000)
    public void acquisitionsRacingATerminationEitherGetSweptOrFail() throws Exception {
        for (int round = 1; round <= 300; round++) {
            Pid pid = running(round);
            List<Thing> opened = new CopyOnWriteList();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> acquirers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                acquirers.add(pool.submit(() -> {
                    start.await();
                    int held = 0;
                    while (true) {
                        Thing thing = new Thing(1);
                        try {
                            ledger.acquire(pid, () -> {
                                opened.add(thing);
                                return thing;
                            });
                            held++;
                        } catch (ProcessNotRunningException expected) {
                            return held;
                        }
                    }
                }));
            }
            start.countDown();
            Thread.yield();
            table.put(pid, ProcessState.TERMINATING);
            CleanupStats stats = ledger.cleanup(pid);
            table.put(pid, ProcessState.TERMINATED);
            int acquired = 0;
            for (Future<Integer> acquirer : acquirers) {
                acquired += acquirer.get(10, TimeUnit.SECONDS);
            }

            assertFalse("round " + round, ledger.has(pid));
            // an acquisition that lost the race to the sweep fails even though the sweep released
            // its resource, so the sweep may count more than the acquirers kept
            assertTrue("round " + round, acquired <= stats.resourcesFreed());
            assertTrue("round " + round, stats.resourcesFreed() <= opened.size());
            for (Thing thing : opened) {
                assertEquals("round " + round + ": every opened resource is released exactly once", 1, thing.releases.get());
            }
        }
        assertTrue(ledger.owners().isEmpty());
    }

    @Test
    public void aPidsLeasesStayTrackedAsItGoesFromOneResourceToSeveralAndBack() {
        Pid pid = running(1);
        Lease<Thing> first = ledger.track(pid, new Thing(1));
        Lease<Thing> second = ledger.track(pid, new Thing(2));
        Lease<Thing> third = ledger.track(pid, new Thing(4));

        ledger.release(pid, second);
        ledger.release(pid, first);

        assertTrue(third.isHeld());
        assertFalse(first.isHeld());
        assertEquals(new ResourceUsage(1, 4), ledger.usage(pid));
        ledger.release(pid, third);
        assertFalse(ledger.has(pid));
        assertTrue(ledger.owners().isEmpty());
        Lease<Thing> again = ledger.track(pid, new Thing(8));
        assertEquals(List.of(again), ledger.leases(pid));
    }

    @Test
    public void holdsAnyAsksOnlyWhatThePidStillHolds() {
        Pid pid = running(1);
        Lease<Thing> small = ledger.track(pid, new Thing(1));
        assertFalse(ledger.holdsAny(pid, thing -> thing.size > 1));
        Lease<Thing> big = ledger.track(pid, new Thing(8));

        assertTrue(ledger.holdsAny(pid, thing -> thing.size > 1));
        assertFalse(ledger.holdsAny(running(2), thing -> true));
        ledger.release(pid, big);
        assertFalse(ledger.holdsAny(pid, thing -> thing.size > 1));
        assertTrue(ledger.holdsAny(pid, thing -> thing == small.resource(pid)));
    }

    @Test
    public void aLeaseOfAnotherLedgerIsRefusedAndNothingIsReleased() {
        Pid pid = running(1);
        ResourceLedger<Thing> other = new ResourceLedger<>("others", table::get, thing -> thing.releases.incrementAndGet(), thing -> 0);
        Thing thing = new Thing(1);
        Lease<Thing> foreign = other.track(pid, thing);

        assertThrows(IllegalArgumentException.class, () -> ledger.release(pid, foreign));
        assertTrue(foreign.isHeld());
        assertEquals(0, thing.releases.get());
    }

    /**
     * Threads of one pid acquire and release their own resources, going between one held and
     * several, while cleanups of the still running pid sweep whatever it holds at that moment:
     * every resource is released exactly once, by its owner or by a sweep.
     */
    @Test(timeout = 60_000)
    public void releasesByOwnersRacingCleanupsReleaseEveryResourceOnce() throws Exception {
        Pid pid = running(1);
        Queue<Thing> opened = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> owners = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int seed = t;
            owners.add(pool.submit(() -> {
                start.await();
                Random random = new Random(seed);
                List<Lease<Thing>> mine = new ArrayList<>();
                for (int i = 0; i < 50_000; i++) {
                    if (mine.isEmpty() || random.nextInt(3) > 0 && mine.size() < 4) {
                        Thing thing = new Thing(1);
                        opened.add(thing);
                        mine.add(ledger.track(pid, thing));
                    } else {
                        ledger.releaseIfHeld(pid, mine.remove(random.nextInt(mine.size())));
                    }
                }
                return null;
            }));
        }
        start.countDown();
        long swept = 0;
        while (!owners.stream().allMatch(Future::isDone)) {
            swept += ledger.cleanup(pid).resourcesFreed();
            Thread.yield();
        }
        for (Future<?> owner : owners) {
            owner.get();
        }
        ledger.cleanup(pid);

        assertTrue("the sweeps raced the owners", swept > 0);
        assertFalse(ledger.has(pid));
        for (Thing thing : opened) {
            assertEquals("every resource is released exactly once", 1, thing.releases.get());
        }
    }

    /** Small synchronized list; the race test appends from several threads. */
    private static final class CopyOnWriteList extends java.util.concurrent.CopyOnWriteArrayList<Thing> {
        private static final long serialVersionUID = 1L;
    }
}
