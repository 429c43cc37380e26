package io.reclaim.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;

public class SchedulerTest {

    private static final Runnable NOTHING = () -> { };

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);

    @Test
    public void roundRobinTakesOneEntryOfEachPidInTurn() {
        Pid a = processes.spawn();
        Pid b = processes.spawn();
        Pid c = processes.spawn();
        enqueue(a, 5);
        enqueue(b, 2);
        enqueue(c, 2);

        assertEquals(List.of(a, b, c, a, b, c, a, a, a), drainOwners());
    }

    @Test
    public void eachPidsEntriesAreTakenInTheOrderTheyWereEnqueued() {
        Pid a = processes.spawn();
        Pid b = processes.spawn();
        List<RunEntry> ofA = entries(enqueue(a, 3));
        List<RunEntry> ofB = entries(enqueue(b, 3));

        List<RunEntry> taken = drain();

        assertEquals(List.of(ofA.get(0), ofB.get(0), ofA.get(1), ofB.get(1), ofA.get(2), ofB.get(2)), taken);
    }

    @Test
    public void aPidThatFloodsTheQueueCannotStarveTheOthers() {
        Pid flood = processes.spawn();
        Pid small = processes.spawn();
        enqueue(flood, 1000);
        enqueue(small, 10);

        int floodTaken = 0;
        int smallTaken = 0;
        while (smallTaken < 10) {
            RunEntry next = scheduler.poll().orElseThrow();
            if (next.owner().equals(small)) {
                smallTaken++;
            } else {
                floodTaken++;
            }
        }

        assertEquals("entries of the flooding pid taken before the small pid was done", 10, floodTaken);
        assertEquals(990, scheduler.cleanupHandler().usage(flood).count());
        assertEquals(990, scheduler.queued());
    }

    @Test
    public void priorityPolicyServesTheHighestPriorityFirstAndRotatesAmongEquals() {
        CloseableScheduler byPriority = Scheduler.create(processes, SchedulingPolicy.PRIORITY);
        Pid low = processes.spawn();
        Pid high = processes.spawn();
        Pid alsoHigh = processes.spawn();
        byPriority.setPriority(high, 5);
        byPriority.setPriority(alsoHigh, 5);
        for (Pid pid : List.of(low, high, alsoHigh)) {
            for (int i = 0; i < 2; i++) {
                byPriority.enqueue(pid, NOTHING);
            }
        }

        List<Pid> order = new ArrayList<>();
        for (Optional<RunEntry> next; (next = byPriority.poll()).isPresent();) {
            order.add(next.get().owner());
        }

        assertEquals(List.of(high, alsoHigh, high, alsoHigh, low, low), order);
    }

    @Test
    public void raisingThePriorityOfAQueuedPidMovesItAhead() {
        CloseableScheduler byPriority = Scheduler.create(processes, SchedulingPolicy.PRIORITY);
        Pid first = processes.spawn();
        Pid second = processes.spawn();
        byPriority.enqueue(first, NOTHING);
        byPriority.enqueue(second, NOTHING);

        byPriority.setPriority(second, 1);

        assertEquals(second, byPriority.poll().orElseThrow().owner());
        assertEquals(first, byPriority.poll().orElseThrow().owner());
    }

    @Test
    public void roundRobinIgnoresPriorities() {
        Pid low = processes.spawn();
        Pid high = processes.spawn();
        scheduler.setPriority(high, 10);
        enqueue(low, 2);
        enqueue(high, 2);

        assertEquals(List.of(low, high, low, high), drainOwners());
        assertEquals(10, scheduler.priority(high));
    }

    @Test
    public void takingAnEntryReleasesItsLease() {
        Pid pid = processes.spawn();
        Lease<RunEntry> lease = scheduler.enqueue(pid, NOTHING);
        assertTrue(lease.isHeld());
        assertEquals(new ResourceUsage(1, 0), scheduler.cleanupHandler().usage(pid));

        RunEntry taken = scheduler.poll().orElseThrow();

        assertEquals(pid, taken.owner());
        assertFalse(lease.isHeld());
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
        assertEquals(0, scheduler.queued());
    }

    @Test
    public void cleanupRemovesAndCountsThePidsQueuedEntriesOnly() {
        Pid dying = processes.spawn();
        Pid other = processes.spawn();
        List<Lease<RunEntry>> ofDying = enqueue(dying, 5);
        enqueue(other, 3);
        scheduler.poll(); // takes one entry of the dying pid: it is no longer queued

        processes.terminating(dying);
        CleanupStats stats = scheduler.cleanupHandler().cleanup(dying);

        assertEquals(CleanupStats.freed(4, 0), stats);
        assertTrue(ofDying.stream().noneMatch(Lease::isHeld));
        assertFalse(scheduler.cleanupHandler().hasResources(dying));
        assertEquals(List.of(other, other, other), drainOwners());
        assertEquals(CleanupStats.NONE, scheduler.cleanupHandler().cleanup(dying));
    }

    @Test
    public void cleanupForgetsThePriorityOfThePid() {
        Pid pid = processes.spawn();
        scheduler.setPriority(pid, 7);

        scheduler.cleanupHandler().cleanup(pid);

        assertEquals(0, scheduler.priority(pid));
    }

    @Test
    public void removeTakesAQueuedEntryOutAndReportsOneAlreadyTaken() {
        Pid pid = processes.spawn();
        Lease<RunEntry> first = scheduler.enqueue(pid, NOTHING);
        Lease<RunEntry> second = scheduler.enqueue(pid, NOTHING);
        RunEntry firstEntry = first.resource(pid);

        assertTrue(scheduler.remove(pid, second));
        assertFalse(scheduler.remove(pid, second));
        RunEntry taken = scheduler.poll().orElseThrow();

        assertSame(firstEntry, taken);
        assertFalse(scheduler.remove(pid, first));
        assertEquals(Optional.empty(), scheduler.poll());
    }

    @Test
    public void manyRemovalsLeaveTheRestQueuedInOrder() {
        Pid pid = processes.spawn();
        List<Lease<RunEntry>> leases = enqueue(pid, 1000);
        List<RunEntry> kept = new ArrayList<>();
        for (int i = 0; i < leases.size(); i++) {
            if (i % 10 == 3) {
                kept.add(leases.get(i).resource(pid));
            } else {
                assertTrue(scheduler.remove(pid, leases.get(i)));
            }
        }

        assertEquals(100, scheduler.queued());
        assertEquals(kept, drain());
    }

    @Test
    public void anotherPidCannotRemoveAnEntry() {
        Pid owner = processes.spawn();
        Pid intruder = processes.spawn();
        Lease<RunEntry> lease = scheduler.enqueue(owner, NOTHING);

        WrongOwnerException e = assertThrows(WrongOwnerException.class, () -> scheduler.remove(intruder, lease));

        assertEquals("scheduler handle belongs to pid " + owner + ", not to pid " + intruder, e.getMessage());
        assertTrue(lease.isHeld());
        assertThrows(WrongOwnerException.class, () -> lease.resource(intruder));
        assertEquals(owner, scheduler.poll().orElseThrow().owner());
    }

    @Test
    public void aPidThatIsNotRunningCannotEnqueueOrSetItsPriority() {
        Pid pid = processes.spawn();
        processes.terminating(pid);

        ProcessNotRunningException e = assertThrows(ProcessNotRunningException.class,
                () -> scheduler.enqueue(pid, NOTHING));

        assertEquals("pid " + pid + " is TERMINATING: it can acquire no resources", e.getMessage());
        assertThrows(ProcessNotRunningException.class, () -> scheduler.enqueue(Pid.of(999), NOTHING));
        assertThrows(ProcessNotRunningException.class, () -> scheduler.setPriority(pid, 3));
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
        assertEquals(0, scheduler.queued());
        assertEquals(0, scheduler.priority(pid));
    }

    @Test
    public void missingArgumentsAreRefusedWithTheirName() {
        Pid pid = processes.spawn();

        assertEquals("the work to enqueue is required",
                assertThrows(NullPointerException.class, () -> scheduler.enqueue(pid, null)).getMessage());
        assertEquals("a pid is required",
                assertThrows(NullPointerException.class, () -> scheduler.enqueue(null, NOTHING)).getMessage());
        assertEquals(0, scheduler.queued());
    }

    @Test
    public void takeWaitsForAnEntryEnqueuedByAnotherThread() throws Exception {
        Pid pid = processes.spawn();
        AtomicReference<Optional<RunEntry>> taken = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                taken.set(scheduler.take(Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        taker.start();
        waitUntilWaiting(taker);

        Lease<RunEntry> lease = scheduler.enqueue(pid, NOTHING);
        taker.join(TimeUnit.SECONDS.toMillis(30));

        assertFalse(taker.isAlive());
        assertSame(lease.owner(), taken.get().orElseThrow().owner());
        assertFalse(lease.isHeld());
    }

    @Test
    public void takeReturnsNothingWhenNoEntryIsQueuedInTime() throws Exception {
        assertEquals(Optional.empty(), scheduler.take(Duration.ofMillis(10)));
        assertEquals(Optional.empty(), scheduler.take(Duration.ZERO));
    }

    private List<Lease<RunEntry>> enqueue(Pid pid, int count) {
        List<Lease<RunEntry>> leases = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            leases.add(scheduler.enqueue(pid, NOTHING));
        }
        return leases;
    }

    private static List<RunEntry> entries(List<Lease<RunEntry>> leases) {
        return leases.stream().map(lease -> lease.resource(lease.owner())).toList();
    }

    private List<RunEntry> drain() {
        List<RunEntry> taken = new ArrayList<>();
        for (Optional<RunEntry> next; (next = scheduler.poll()).isPresent();) {
            taken.add(next.get());
        }
        return taken;
    }

    private List<Pid> drainOwners() {
        return drain().stream().map(RunEntry::owner).toList();
    }

    static void waitUntilWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertTrue("thread never started waiting", System.nanoTime() < deadline);
            Thread.sleep(1);
        }
    }
}
