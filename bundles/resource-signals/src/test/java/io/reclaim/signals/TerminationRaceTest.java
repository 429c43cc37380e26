package io.reclaim.signals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.Lease;
import org.junit.Test;

/**
 * Senders and registrations racing the termination of their pid: every signal accepted and every
 * handler registered is counted by the cleanup, and nothing is left for the pid afterwards.
 */
public class TerminationRaceTest {

    private static final int ROUNDS = 30;
    private static final int THREADS = 4;

    @Test
    public void nothingAcceptedIsLostOrLeftBehindWhenTerminationRacesSendsAndRegistrations() throws Exception {
        ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
        CloseableSignalManager signals = SignalManager.create(processes::get, SignalSettings.DEFAULTS.withMaxPending(1_000_000));
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                race(signals, processes, Pid.of(round));
            }
        } finally {
            signals.shutdown();
        }
    }

    private static void race(CloseableSignalManager signals, ConcurrentHashMap<Pid, ProcessState> processes, Pid pid)
            throws InterruptedException {
        processes.put(pid, ProcessState.RUNNING);
        AtomicLong accepted = new AtomicLong();
        List<Lease<SignalSubscription>> leases = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            boolean registers = t == 0;
            Thread thread = new Thread(() -> {
                started.countDown();
                List<Lease<SignalSubscription>> mine = new ArrayList<>();
                try {
                    for (;;) {
                        if (registers) {
                            mine.add(signals.handle(pid, "USR1", signal -> { }));
                        } else {
                            signals.send(pid, "RELOAD"); // never handled: every one stays pending
                            accepted.incrementAndGet();
                        }
                    }
                } catch (ProcessNotRunningException expected) {
                    // the gate closed: this thread is done
                } finally {
                    synchronized (leases) {
                        leases.addAll(mine);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(5);

        processes.put(pid, ProcessState.TERMINATING);
        CleanupStats stats = signals.cleanupHandler().cleanup(pid);
        for (Thread thread : threads) {
            thread.join(10_000);
            assertFalse("a sender did not stop", thread.isAlive());
        }
        processes.put(pid, ProcessState.TERMINATED);

        // A registration caught by the sweep in mid-flight is released by the sweep (and counted)
        // while its caller gets the exception, so the one registering thread may add one more.
        long handedOut = accepted.get() + leases.size();
        assertTrue("every accepted signal and every registered handler is counted: " + handedOut
                + " handed out, " + stats.resourcesFreed() + " freed",
                stats.resourcesFreed() >= handedOut && stats.resourcesFreed() <= handedOut + 1);
        assertTrue(leases.stream().noneMatch(Lease::isHeld));
        assertFalse(signals.cleanupHandler().hasResources(pid));
        assertEquals(List.of(), signals.pending(pid));
        assertEquals(List.of(), signals.handled(pid));
    }
}
