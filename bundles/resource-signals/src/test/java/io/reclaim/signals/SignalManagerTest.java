package io.reclaim.signals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.WrongOwnerException;
import io.reclaim.api.ledger.Lease;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

public class SignalManagerTest {

    private static final long WAIT_SECONDS = 10;

    private final ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
    private final Pid a = Pid.of(1);
    private final Pid b = Pid.of(2);
    private CloseableSignalManager signals;

    @Before
    public void setUp() {
        processes.put(a, ProcessState.RUNNING);
        processes.put(b, ProcessState.RUNNING);
        signals = SignalManager.create(processes::get);
    }

    @After
    public void tearDown() {
        signals.shutdown();
    }

    @Test
    public void signalsWithoutAHandlerStayPendingAndAreDeliveredInOrderWhenOneRegisters() throws Exception {
        signals.send(a, "USR1");
        signals.send(a, "HUP");
        signals.send(a, "usr1");
        signals.send(a, "RELOAD");
        signals.send(a, "SIGHUP");
        assertEquals(List.of("USR1", "HUP", "USR1", "RELOAD", "HUP"), signals.pending(a));

        Recorder usr1 = new Recorder(2);
        signals.handle(a, SignalManager.USR1, usr1);
        usr1.awaitAll();
        assertEquals(List.of("USR1", "USR1"), usr1.received);
        assertEquals("the others keep their order", List.of("HUP", "RELOAD", "HUP"), signals.pending(a));

        Recorder hup = new Recorder(3);
        signals.handle(a, "HUP", hup);
        signals.send(a, "HUP"); // sent after the two pending ones: runs after them
        hup.awaitAll();
        assertEquals(List.of("HUP", "HUP", "HUP"), hup.received);
        assertEquals(List.of("RELOAD"), signals.pending(a));
        assertEquals("pid b is untouched", List.of(), signals.pending(b));
    }

    @Test
    public void aHandlerThatOverflowsItsStackStillGetsEveryLaterSignal() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(3);
        signals.handle(a, "USR1", signal -> {
            int call = calls.incrementAndGet();
            all.countDown();
            if (call == 1) {
                throw new StackOverflowError("handler recursed");
            }
        });

        signals.send(a, "USR1");
        signals.send(a, "USR1");
        signals.send(a, "USR1");

        assertTrue("every signal reached the handler", all.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(3, calls.get());
    }

    @Test
    public void aHandlerRunsOneSignalAtATime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(50);
        signals.handle(a, "RELOAD", signal -> {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            Thread.sleep(1);
            running.decrementAndGet();
            all.countDown();
        });
        for (int i = 0; i < 50; i++) {
            signals.send(a, "RELOAD");
        }
        assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
    }

    @Test
    public void aFailingHandlerIsLoggedAndStopsNeitherOthersNorItsOwnLaterSignals() throws Exception {
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch failedTwice = new CountDownLatch(2);
        signals.handle(a, "USR2", signal -> {
            failures.incrementAndGet();
            failedTwice.countDown();
            throw new IllegalStateException("handler fails on purpose");
        });
        Recorder healthy = new Recorder(2);
        signals.handle(a, "USR2", healthy);

        signals.send(a, "USR2");
        signals.send(a, "USR2");

        healthy.awaitAll();
        assertTrue(failedTwice.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(2, failures.get());
    }

    @Test
    public void termReachesTheTermHandlersWhenTheProcessStartsTerminating() throws Exception {
        Recorder term = new Recorder(1);
        signals.handle(a, SignalManager.TERM, term);
        Recorder usr1 = new Recorder(1);
        signals.handle(a, SignalManager.USR1, usr1);

        processes.put(a, ProcessState.TERMINATING);
        assertThrows("outsiders may no longer signal it", ProcessNotRunningException.class,
                () -> signals.send(a, SignalManager.TERM));
        signals.terminationListener().terminating(a, Duration.ofSeconds(5));

        term.awaitAll();
        assertEquals(List.of("TERM"), term.received);
        assertEquals("only TERM handlers are told", List.of(), usr1.received);
        assertEquals("nothing is left pending", List.of(), signals.pending(a));
    }

    @Test
    public void termHandedOverWithZeroGraceRunsBeforeTheCleanupRemovesTheHandler() {
        List<String> received = new CopyOnWriteArrayList<>();
        signals.handle(a, SignalManager.TERM, signal -> {
            Thread.sleep(100); // a process shutting down takes a moment
            received.add(signal);
        });

        // what the process manager does for a logical process: notice, no grace, cleanup at once
        processes.put(a, ProcessState.TERMINATING);
        signals.terminationListener().terminating(a, Duration.ZERO);
        CleanupStats stats = signals.cleanupHandler().cleanup(a);

        assertEquals("the handler ran before its removal", List.of("TERM"), received);
        assertEquals(1, stats.resourcesFreed());
    }

    @Test
    public void aHungTermHandlerDelaysTheCleanupOnlyUpToTheDrainTimeout() throws Exception {
        CloseableSignalManager quick = SignalManager.create(processes::get,
                SignalSettings.DEFAULTS.withDrainTimeout(Duration.ofMillis(50)));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Lease<SignalSubscription> lease = quick.handle(a, SignalManager.TERM, signal -> {
                entered.countDown();
                release.await(WAIT_SECONDS, TimeUnit.SECONDS);
            });
            processes.put(a, ProcessState.TERMINATING);
            quick.terminationListener().terminating(a, Duration.ZERO);
            assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS));

            assertEquals(1, quick.cleanupHandler().cleanup(a).resourcesFreed());
            assertFalse(lease.isHeld());
            assertFalse(quick.cleanupHandler().hasResources(a));
        } finally {
            release.countDown();
            quick.shutdown();
        }
    }

    @Test
    public void aCleanupMayBlockOnlyWhileASignalHandedToAHandlerIsUnfinished() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        signals.handle(a, "USR1", signal -> {
            entered.countDown();
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        });
        assertFalse("a handler with nothing to run is bookkeeping", signals.cleanupHandler().cleanupMayBlock(a));

        signals.send(a, "USR1");
        assertTrue(entered.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(signals.cleanupHandler().cleanupMayBlock(a));
        assertFalse(signals.cleanupHandler().cleanupMayBlock(b));
        release.countDown();
    }

    @Test
    public void terminationOfAProcessWithoutTermHandlerLeavesNothingPending() {
        signals.handle(b, SignalManager.USR1, signal -> { });
        processes.put(b, ProcessState.TERMINATING);
        signals.terminationListener().terminating(b, Duration.ZERO);
        assertEquals(List.of(), signals.pending(b));
        assertEquals(List.of(SignalManager.USR1), signals.handled(b));
    }

    @Test
    public void terminationNoticeForARunningProcessDeliversNothing() throws Exception {
        Recorder term = new Recorder(1);
        signals.handle(a, SignalManager.TERM, term);
        signals.terminationListener().terminating(a, Duration.ZERO); // a is RUNNING: a notice must not bypass send's rules
        signals.send(a, SignalManager.TERM);
        term.awaitAll();
        // deliveries to one handler run in order: had the notice delivered, it would have run first
        // and the handler would see two; give a second delivery the time it would need
        Thread.sleep(200);
        assertEquals(List.of("TERM"), term.received);
    }

    @Test
    public void cleanupRemovesHandlersAndDropsPendingSignalsCountingBoth() {
        Lease<SignalSubscription> usr1 = signals.handle(a, "USR1", signal -> { });
        Lease<SignalSubscription> term = signals.handle(a, "TERM", signal -> { });
        signals.send(a, "HUP");
        signals.send(a, "HUP");
        signals.send(a, "RELOAD");
        signals.handle(b, "USR1", signal -> { });
        assertEquals(new ResourceUsage(5, 0), signals.cleanupHandler().usage(a));
        assertTrue(signals.cleanupHandler().hasResources(a));

        processes.put(a, ProcessState.TERMINATING);
        CleanupStats stats = signals.cleanupHandler().cleanup(a);

        assertEquals("2 handlers + 3 pending signals", 5, stats.resourcesFreed());
        assertEquals(0, stats.errorsEncountered());
        assertFalse(signals.cleanupHandler().hasResources(a));
        assertEquals(ResourceUsage.NONE, signals.cleanupHandler().usage(a));
        assertEquals(List.of(), signals.pending(a));
        assertEquals(List.of(), signals.handled(a));
        assertFalse(usr1.isHeld());
        assertFalse(term.isHeld());
        assertTrue("another pid keeps its handler", signals.cleanupHandler().hasResources(b));
        assertEquals("a second cleanup finds nothing", CleanupStats.NONE, signals.cleanupHandler().cleanup(a));
    }

    @Test
    public void pendingSignalsAloneAreResourcesOfTheProcess() {
        signals.send(b, "RELOAD");
        assertTrue(signals.cleanupHandler().hasResources(b));
        assertEquals(1, signals.cleanupHandler().cleanup(b).resourcesFreed());
        assertFalse(signals.cleanupHandler().hasResources(b));
    }

    @Test
    public void invalidSignalNamesAreRefusedWithOneClearMessage() {
        for (String bad : new String[] {null, "", "  ", "9LIVES", "USR-1", "RE LOAD", "A234567890123456789012345678901234"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> signals.send(a, bad));
            assertFalse(e.getMessage().contains("\n"));
            assertThrows(IllegalArgumentException.class, () -> signals.handle(a, bad, signal -> { }));
        }
        IllegalArgumentException kill = assertThrows(IllegalArgumentException.class, () -> signals.send(a, "SIGKILL"));
        assertEquals("KILL cannot be handled; terminate the process instead", kill.getMessage());
        assertThrows(IllegalArgumentException.class, () -> signals.handle(a, "STOP", signal -> { }));
        assertFalse("nothing was tracked or left pending", signals.cleanupHandler().hasResources(a));
    }

    @Test
    public void aHandlerCanOnlyBeUsedAndRemovedByItsOwnPid() {
        Lease<SignalSubscription> lease = signals.handle(a, "USR1", signal -> { });
        assertThrows(WrongOwnerException.class, () -> signals.release(b, lease));
        assertThrows(WrongOwnerException.class, () -> lease.resource(b));
        assertTrue("the wrong pid removed nothing", lease.isHeld());
        assertEquals("USR1", lease.resource(a).signal());

        signals.release(a, lease);
        assertFalse(lease.isHeld());
        assertThrows(IllegalStateException.class, () -> signals.release(a, lease));
        signals.send(a, "USR1");
        assertEquals("a removed handler receives nothing", List.of("USR1"), signals.pending(a));
    }

    @Test
    public void sendingToAProcessThatIsNotRunningIsRefused() {
        processes.put(a, ProcessState.TERMINATING);
        ProcessNotRunningException terminating = assertThrows(ProcessNotRunningException.class, () -> signals.send(a, "USR1"));
        assertEquals(ProcessState.TERMINATING, terminating.state());
        processes.put(a, ProcessState.TERMINATED);
        assertThrows(ProcessNotRunningException.class, () -> signals.send(a, "USR1"));
        ProcessNotRunningException unknown = assertThrows(ProcessNotRunningException.class, () -> signals.send(Pid.of(99), "USR1"));
        assertNull(unknown.state());
        assertThrows(ProcessNotRunningException.class, () -> signals.handle(a, "USR1", signal -> { }));
        assertFalse(signals.cleanupHandler().hasResources(a));
        assertFalse(signals.cleanupHandler().hasResources(Pid.of(99)));
    }

    @Test
    public void pendingSignalsAreBounded() {
        CloseableSignalManager small = SignalManager.create(processes::get, SignalSettings.DEFAULTS.withMaxPending(2));
        try {
            small.send(a, "HUP");
            small.send(a, "HUP");
            IllegalStateException full = assertThrows(IllegalStateException.class, () -> small.send(a, "HUP"));
            assertTrue(full.getMessage(), full.getMessage().contains("pending"));
            assertEquals(2, small.pending(a).size());
        } finally {
            small.shutdown();
        }
    }

    @Test
    public void closeReleasesEverythingAndRefusesLaterUse() {
        Lease<SignalSubscription> lease = signals.handle(a, "USR1", signal -> { });
        signals.send(b, "HUP");
        assertEquals(2, signals.shutdown().resourcesFreed());
        assertFalse(lease.isHeld());
        assertFalse(signals.cleanupHandler().hasResources(a));
        assertFalse(signals.cleanupHandler().hasResources(b));
        assertThrows(IllegalStateException.class, () -> signals.send(a, "USR1"));
        assertThrows(IllegalStateException.class, () -> signals.handle(a, "USR1", signal -> { }));
    }

    /** Counts down once per signal and keeps them in arrival order. */
    static final class Recorder implements SignalHandler {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final CountDownLatch expected;

        Recorder(int expected) {
            this.expected = new CountDownLatch(expected);
        }

        @Override
        public void handle(String signal) {
            received.add(signal);
            expected.countDown();
        }

        void awaitAll() throws InterruptedException {
            assertTrue("signals not delivered in time, got " + received, expected.await(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }
}
