package io.reclaim.ipc;

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
import io.reclaim.api.ProcessState;
import org.junit.Test;

/**
 * Senders racing the cleanup of their receiver: every message a send accepted is counted
 * and dead-lettered by the cleanup, and no mailbox is left for the pid.
 */
public class TerminationRaceTest {

    private static final int ROUNDS = 10;
    private static final int SENDERS = 3;
    private static final int MAX_PER_SENDER = 5_000;

    @Test
    public void everyAcceptedMessageIsDeadLetteredAndCountedWhenCleanupRacesSenders() throws Exception {
        ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
        Pid sender = Pid.of(1_000);
        processes.put(sender, ProcessState.RUNNING);
        CloseableIpcManager ipc = IpcManager.create(processes::get,
                new IpcSettings(SENDERS * MAX_PER_SENDER, ROUNDS * SENDERS * MAX_PER_SENDER));
        try {
            long deadLettersBefore = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                Pid receiver = Pid.of(round);
                processes.put(receiver, ProcessState.RUNNING);
                ipc.open(receiver);
                long accepted = race(ipc, processes, sender, receiver);
                processes.put(receiver, ProcessState.TERMINATED);

                long dead = ipc.deadLetters().size() - deadLettersBefore;
                deadLettersBefore = ipc.deadLetters().size();
                assertEquals("every accepted message became a dead letter", accepted, dead);
                assertFalse(ipc.cleanupHandler().hasResources(receiver));
                assertTrue(ipc.mailbox(receiver).isEmpty());
            }
            assertEquals(0, ipc.deadLettersEvicted());
        } finally {
            ipc.shutdown();
        }
    }

    private static long race(CloseableIpcManager ipc, ConcurrentHashMap<Pid, ProcessState> processes, Pid sender, Pid receiver)
            throws InterruptedException {
        AtomicLong accepted = new AtomicLong();
        CountDownLatch started = new CountDownLatch(SENDERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    for (int i = 0; i < MAX_PER_SENDER; i++) {
                        ipc.send(sender, receiver, i);
                        accepted.incrementAndGet();
                    }
                } catch (NoMailboxException | MailboxClosedException expected) {
                    // the receiver is going away: this sender is done
                }
            });
            threads.add(thread);
            thread.start();
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread.sleep(2);

        processes.put(receiver, ProcessState.TERMINATING);
        CleanupStats stats = ipc.cleanupHandler().cleanup(receiver);
        for (Thread thread : threads) {
            thread.join(10_000);
            assertFalse("a sender did not stop", thread.isAlive());
        }
        assertEquals("the mailbox and each accepted message are counted", 1 + accepted.get(), stats.resourcesFreed());
        return accepted.get();
    }
}
