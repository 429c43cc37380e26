package io.reclaim.timers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ledger.LocalProcessGate;

/** What the cleanup of a process and the closing of the manager leave behind: no timer, no firing. */
public class TimerCleanupTest {

    private static final int THREADS = 2;

    private final LocalProcessGate processes = new LocalProcessGate();
    private CloseableTimerManager timers = TimerManager.create(processes, THREADS, Duration.ofMillis(300), null);

    @After
    public void stop() {
        timers.shutdown();
    }

    @Test
    public void noTimerFiresAfterItsPidsCleanupAndTheThreadCountStaysFlat() throws Exception {
        long threadsBefore = Timers.osThreads();
        Pid dying = processes.spawn();
        Pid other = processes.spawn();
        AtomicLong dyingFirings = new AtomicLong();
        AtomicLong otherFirings = new AtomicLong();
        for (int i = 0; i < 1000; i++) {
            // each firing works a little before it counts: a firing left running past the cleanup would count late
            timers.scheduleAtFixedRate(dying, Duration.ZERO, Duration.ofMillis(1 + i % 3), () -> {
                Timers.spin(Duration.ofNanos(200_000));
                dyingFirings.incrementAndGet();
            });
        }
        timers.scheduleAtFixedRate(other, Duration.ZERO, Duration.ofMillis(1), otherFirings::incrementAndGet);
        Timers.await("the timers fire", () -> dyingFirings.get() > 500);
        assertTrue("a thousand timers took threads: " + Timers.osThreads() + " vs " + threadsBefore,
                Timers.osThreads() <= threadsBefore + 2);

        processes.terminating(dying);
        CleanupStats stats = timers.cleanupHandler().cleanup(dying);
        long atEnd = dyingFirings.get();
        long otherAtEnd = otherFirings.get();
        Thread.sleep(200);

        assertEquals(CleanupStats.freed(1000, 0), stats);
        assertEquals("a timer fired after its pid's cleanup", atEnd, dyingFirings.get());
        assertTrue("the other pid's timer still fires", otherFirings.get() > otherAtEnd);
        assertFalse(timers.cleanupHandler().hasResources(dying));
        assertEquals(THREADS, Timers.firingThreads());
        assertTrue(Timers.osThreads() <= threadsBefore + 2);
    }

    @Test
    public void cleanupInterruptsAFiringInProgressAndWaitsForIt() throws Exception {
        Pid dying = processes.spawn();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        timers.schedule(dying, Duration.ZERO, () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
                Timers.spin(Duration.ofMillis(50)); // winding down takes a while: the cleanup must wait
            }
            ended.set(true);
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));
        assertTrue(timers.cleanupHandler().cleanupMayBlock(dying));

        processes.terminating(dying);
        CleanupStats stats = timers.cleanupHandler().cleanup(dying);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertTrue(interrupted.get());
        assertTrue("the cleanup returned before the firing ended", ended.get());
    }

    @Test
    public void aFiringThatIgnoresInterruptionIsReportedAfterTheCancelWait() throws Exception {
        Pid dying = processes.spawn();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong firings = new AtomicLong();
        timers.scheduleAtFixedRate(dying, Duration.ZERO, Duration.ofMillis(1), () -> {
            firings.incrementAndGet();
            started.countDown();
            while (release.getCount() > 0) {
                Timers.spin(Duration.ofMillis(1)); // ignores interruption
            }
        });
        assertTrue(started.await(30, TimeUnit.SECONDS));

        processes.terminating(dying);
        CleanupStats stats = timers.cleanupHandler().cleanup(dying);

        assertEquals(0, stats.resourcesFreed());
        assertEquals(1, stats.errorsEncountered());
        assertTrue(stats.errors().get(0), stats.errors().get(0).contains("still running after 300 ms"));
        release.countDown();
        Timers.await("the stuck firing ends", () -> !timers.cleanupHandler().cleanupMayBlock(dying));
        Thread.sleep(50);
        assertEquals("the cancelled timer fired again", 1, firings.get());
    }

    @Test
    public void closeCancelsEveryTimerOfEveryPidAndStopsTheThreads() throws Exception {
        Pid a = processes.spawn();
        Pid b = processes.spawn();
        AtomicLong firings = new AtomicLong();
        timers.scheduleAtFixedRate(a, Duration.ZERO, Duration.ofMillis(1), firings::incrementAndGet);
        timers.scheduleWithFixedDelay(b, Duration.ZERO, Duration.ofMillis(1), firings::incrementAndGet);
        timers.schedule(b, Duration.ofHours(1), firings::incrementAndGet);
        Timers.await("the timers fire", () -> firings.get() > 10);

        CleanupStats stats = timers.shutdown();
        long atClose = firings.get();
        Thread.sleep(50);

        assertEquals(CleanupStats.freed(3, 0), stats);
        assertEquals(atClose, firings.get());
        assertEquals(0, Timers.firingThreads());
        assertFalse(timers.cleanupHandler().hasResources(a) || timers.cleanupHandler().hasResources(b));
    }
}
