package io.reclaim.timers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.LocalProcessGate;

/** Scheduling, firing and cancelling timers, and who may do what. */
public class TimerManagerTest {

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableTimerManager timers = TimerManager.create(processes, 2);

    @After
    public void stop() {
        timers.shutdown();
    }

    @Test
    public void aOneShotTimerFiresOnceAndIsThenNoLongerHeld() throws Exception {
        Pid pid = processes.spawn();
        CountDownLatch fired = new CountDownLatch(1);

        Timer timer = timers.schedule(pid, Duration.ofMillis(10), fired::countDown);

        assertTrue(fired.await(30, TimeUnit.SECONDS));
        Timers.await("the fired timer is untracked", () -> !timers.cleanupHandler().hasResources(pid));
        assertEquals(1, timer.firings());
        assertFalse(timer.isActive());
        assertTrue(timer.nextFiring().isEmpty());
        assertEquals(TimerKind.ONE_SHOT, timer.kind());
        assertEquals(CleanupStats.NONE, timers.cleanupHandler().cleanup(pid));
    }

    @Test
    public void aPeriodicTimerFiresUntilItsOwnerCancelsIt() throws Exception {
        Pid pid = processes.spawn();
        CountDownLatch threeFirings = new CountDownLatch(3);
        AtomicLong count = new AtomicLong();

        Timer rate = timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofMillis(5), () -> {
            count.incrementAndGet();
            threeFirings.countDown();
        });
        Timer delay = timers.scheduleWithFixedDelay(pid, Duration.ZERO, Duration.ofMillis(5), count::incrementAndGet);

        assertTrue(threeFirings.await(30, TimeUnit.SECONDS));
        assertEquals(new ResourceUsage(2, 0), timers.cleanupHandler().usage(pid));
        assertTrue(timers.cancel(pid, rate));
        assertTrue(timers.cancel(pid, delay));
        assertFalse("a second cancel finds nothing to cancel", timers.cancel(pid, rate));
        Thread.sleep(20); // a cancel by the owner does not wait for a firing already under way
        long after = count.get();
        Thread.sleep(100);
        assertEquals("a cancelled timer fired", after, count.get());
        assertFalse(timers.cleanupHandler().hasResources(pid));
        assertEquals(Duration.ofMillis(5), rate.period().orElseThrow());
    }

    @Test
    public void onlyTheOwnerCanCancelATimer() throws Exception {
        Pid owner = processes.spawn();
        Pid other = processes.spawn();
        CountDownLatch keepsFiring = new CountDownLatch(5);
        Timer timer = timers.scheduleAtFixedRate(owner, Duration.ZERO, Duration.ofMillis(5), keepsFiring::countDown);

        assertThrows(WrongOwnerException.class, () -> timers.cancel(other, timer));

        assertTrue(timer.isActive());
        assertTrue(timers.cleanupHandler().hasResources(owner));
        assertTrue("the timer still fires", keepsFiring.await(30, TimeUnit.SECONDS));
    }

    @Test
    public void aTimerOfAnotherManagerIsRefused() {
        Pid pid = processes.spawn();
        CloseableTimerManager another = TimerManager.create(processes, 1);
        try {
            Timer foreign = another.schedule(pid, Duration.ofHours(1), () -> { });
            assertThrows(IllegalArgumentException.class, () -> timers.cancel(pid, foreign));
            assertTrue(foreign.isActive());
        } finally {
            another.shutdown();
        }
    }

    @Test
    public void theTerminationGateRefusesNewTimers() {
        Pid pid = processes.spawn();
        processes.terminating(pid);
        AtomicLong fired = new AtomicLong();

        assertThrows(ProcessNotRunningException.class, () -> timers.schedule(pid, Duration.ZERO, fired::incrementAndGet));
        assertThrows(ProcessNotRunningException.class,
                () -> timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofMillis(1), fired::incrementAndGet));

        assertFalse(timers.cleanupHandler().hasResources(pid));
        assertTrue(timers.nextFiring(pid).isEmpty());
    }

    @Test
    public void aTimerStopsFiringOnceItsPidsGateCloses() throws Exception {
        Pid pid = processes.spawn();
        AtomicLong count = new AtomicLong();
        CountDownLatch firing = new CountDownLatch(3);
        timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofMillis(2), () -> {
            count.incrementAndGet();
            firing.countDown();
        });
        assertTrue(firing.await(30, TimeUnit.SECONDS));

        processes.terminating(pid);
        Timers.await("no firing in progress", () -> !Timers.isFiring(timers, pid));
        long atGate = count.get();
        Thread.sleep(50);

        assertEquals("a timer fired after its pid's gate closed", atGate, count.get());
        assertTrue("still held until the cleanup", timers.cleanupHandler().hasResources(pid));
    }

    @Test
    public void badDelaysAndPeriodsAreRefusedAndScheduleNothing() {
        Pid pid = processes.spawn();
        Runnable action = () -> { };

        assertThrows(IllegalArgumentException.class,
                () -> timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ZERO, action));
        assertThrows(IllegalArgumentException.class,
                () -> timers.scheduleWithFixedDelay(pid, Duration.ZERO, Duration.ofMillis(-1), action));
        assertThrows(IllegalArgumentException.class, () -> timers.schedule(pid, Duration.ofMillis(-1), action));
        IllegalArgumentException tooFar = assertThrows(IllegalArgumentException.class,
                () -> timers.schedule(pid, Duration.ofSeconds(Long.MAX_VALUE), action));
        assertThrows(IllegalArgumentException.class,
                () -> timers.scheduleAtFixedRate(pid, Duration.ZERO, TimerManager.MAX_DELAY.plusNanos(1), action));

        assertTrue(tooFar.getMessage(), tooFar.getMessage().contains("at most"));
        assertFalse(timers.cleanupHandler().hasResources(pid));
        timers.schedule(pid, TimerManager.MAX_DELAY, action); // the longest delay is still accepted
        assertTrue(timers.cleanupHandler().hasResources(pid));
    }

    @Test
    public void anErrorThrownByAnActionIsCountedAndStopsNeitherTheTimerNorTheThreads() throws Exception {
        Pid pid = processes.spawn();
        CountDownLatch failed = new CountDownLatch(3);
        Timer failing = timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofMillis(2), () -> {
            failed.countDown();
            throw new StackOverflowError("injected by the test");
        });
        assertTrue("the failing timer keeps its schedule", failed.await(30, TimeUnit.SECONDS));

        CountDownLatch others = new CountDownLatch(1);
        timers.schedule(pid, Duration.ZERO, others::countDown);

        assertTrue("the firing threads still run other timers", others.await(30, TimeUnit.SECONDS));
        Timers.await("the failures are counted", () -> failing.failures() >= 3); // counted after the latch
        assertTrue(failing.isActive());
        assertEquals(2, Timers.firingThreads());
    }

    @Test
    public void nextFiringIsTheEarliestOfThePidsTimers() {
        Pid pid = processes.spawn();
        Instant before = Instant.now();
        timers.schedule(pid, Duration.ofHours(2), () -> { });
        Timer soon = timers.scheduleAtFixedRate(pid, Duration.ofMinutes(10), Duration.ofHours(1), () -> { });

        Instant next = timers.nextFiring(pid).orElseThrow();

        assertTrue(next.isAfter(before.plus(Duration.ofMinutes(9))));
        assertTrue(next.isBefore(before.plus(Duration.ofMinutes(11))));
        assertTrue(soon.nextFiring().orElseThrow().isBefore(before.plus(Duration.ofMinutes(11))));
    }

    @Test
    public void theSampleIsAnIdleTimerHeldUntilThePidEnds() throws Exception {
        Pid pid = processes.spawn();

        assertTrue(timers.cleanupHandler().sample(pid));

        assertEquals(new ResourceUsage(1, 0), timers.cleanupHandler().usage(pid));
        processes.terminating(pid);
        assertEquals(CleanupStats.freed(1, 0), timers.cleanupHandler().cleanup(pid));
        assertFalse(timers.cleanupHandler().hasResources(pid));
    }

    @Test
    public void firingsAreChargedToTheirPidsCpuAccounting() throws Exception {
        Pid pid = processes.spawn();
        RecordedCpu cpu = new RecordedCpu();
        CloseableTimerManager accounted = TimerManager.create(processes, 1, Duration.ofSeconds(1), cpu);
        try {
            CountDownLatch fired = new CountDownLatch(1);
            accounted.schedule(pid, Duration.ZERO, () -> {
                Timers.burnCpu(Duration.ofMillis(20));
                fired.countDown();
            });
            assertTrue(fired.await(30, TimeUnit.SECONDS));
            Timers.await("the firing was charged", () -> cpu.cpuTime(pid).toMillis() >= 20);
        } finally {
            accounted.shutdown();
        }
    }
}
