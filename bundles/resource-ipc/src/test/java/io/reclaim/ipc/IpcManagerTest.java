package io.reclaim.ipc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

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

public class IpcManagerTest {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final long JOIN_MILLIS = 10_000;

    private final ConcurrentHashMap<Pid, ProcessState> processes = new ConcurrentHashMap<>();
    private final Pid a = Pid.of(1);
    private final Pid b = Pid.of(2);
    private CloseableIpcManager ipc;

    @Before
    public void setUp() {
        processes.put(a, ProcessState.RUNNING);
        processes.put(b, ProcessState.RUNNING);
        ipc = IpcManager.create(processes::get);
    }

    @After
    public void tearDown() {
        ipc.shutdown();
    }

    @Test
    public void messagesTravelBetweenTwoProcessesInOrder() throws Exception {
        ipc.open(a, 8);
        byte[] buffer = {1, 2, 3};
        ipc.send(b, a, "hello");
        ipc.send(b, a, buffer);
        buffer[0] = 42; // the sender reuses its buffer: the message must not change

        Message first = ipc.receive(a, Duration.ofSeconds(1)).orElseThrow();
        assertEquals(b, first.from());
        assertEquals(a, first.to());
        assertEquals("hello", first.payload());
        assertNotNull(first.sent());
        Message second = ipc.receive(a, Duration.ofSeconds(1)).orElseThrow();
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) second.payload());
        assertEquals("nothing more", Optional.empty(), ipc.receive(a, Duration.ofMillis(20)));
    }

    @Test
    public void aReceiverOpensItsMailboxOnFirstUse() throws Exception {
        assertEquals(Optional.empty(), ipc.mailbox(a));
        assertEquals(Optional.empty(), ipc.receive(a, Duration.ZERO));
        Mailbox mailbox = ipc.mailbox(a).orElseThrow().resource(a);
        assertEquals(IpcSettings.DEFAULT_CAPACITY, mailbox.capacity());
        ipc.send(b, a, "now it can be reached");
        assertEquals(1, mailbox.size());
        assertEquals("now it can be reached", ipc.receive(a, Duration.ZERO).orElseThrow().payload());
    }

    @Test
    public void sendingToAProcessWithoutMailboxFailsClearly() {
        NoMailboxException e = assertThrows(NoMailboxException.class, () -> ipc.send(a, b, "hi"));
        assertEquals("pid 2 has no mailbox: it must open one (or receive once) before others can send to it", e.getMessage());
        assertEquals(ProcessState.RUNNING, e.state());
    }

    @Test
    public void sendingToATerminatedProcessFailsClearly() {
        ipc.open(b);
        processes.put(b, ProcessState.TERMINATING);
        assertEquals(ProcessState.TERMINATING, assertThrows(NoMailboxException.class, () -> ipc.send(a, b, "hi")).state());
        ipc.cleanupHandler().cleanup(b);
        processes.put(b, ProcessState.TERMINATED);

        NoMailboxException gone = assertThrows(NoMailboxException.class, () -> ipc.send(a, b, "hi"));
        assertEquals("pid 2 is TERMINATED: it receives no more messages", gone.getMessage());
        NoMailboxException unknown = assertThrows(NoMailboxException.class, () -> ipc.send(a, Pid.of(99), "hi"));
        assertNull(unknown.state());
        assertEquals("no message was dead-lettered by refused sends", List.of(), ipc.deadLetters());
    }

    @Test
    public void aProcessThatIsNotRunningCannotSendOrOpen() {
        ipc.open(b);
        processes.put(a, ProcessState.TERMINATING);
        assertThrows(ProcessNotRunningException.class, () -> ipc.send(a, b, "too late"));
        assertThrows(ProcessNotRunningException.class, () -> ipc.open(a));
        assertThrows(ProcessNotRunningException.class, () -> ipc.receive(a, Duration.ZERO));
        assertEquals(0, ipc.mailbox(b).orElseThrow().resource(b).size());
        assertFalse(ipc.cleanupHandler().hasResources(a));
    }

    @Test
    public void aFullMailboxRefusesAtOnceOrAfterTheTimeout() throws Exception {
        ipc.open(a, 2);
        ipc.send(b, a, 1);
        ipc.send(b, a, 2);
        MailboxFullException full = assertThrows(MailboxFullException.class, () -> ipc.send(b, a, 3));
        assertEquals("mailbox of pid 1 is full (2 messages): message not sent", full.getMessage());
        assertThrows(MailboxFullException.class, () -> ipc.send(b, a, 3, Duration.ofMillis(20)));

        // a receiver making room lets a waiting sender in
        Thread receiver = new Thread(() -> {
            try {
                Thread.sleep(50);
                ipc.receive(a, Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        receiver.start();
        ipc.send(b, a, 3, Duration.ofSeconds(10));
        receiver.join(JOIN_MILLIS);
        assertEquals(2, ipc.receive(a, Duration.ZERO).orElseThrow().payload());
        assertEquals(3, ipc.receive(a, Duration.ZERO).orElseThrow().payload());
    }

    @Test
    public void cleanupDeadLettersUndeliveredMessagesAndCountsThem() {
        Lease<Mailbox> lease = ipc.open(a);
        ipc.send(b, a, "one");
        ipc.send(b, a, "two");
        ipc.send(b, a, "three");
        assertEquals(new ResourceUsage(4, 0), ipc.cleanupHandler().usage(a));

        processes.put(a, ProcessState.TERMINATING);
        CleanupStats stats = ipc.cleanupHandler().cleanup(a);

        assertEquals("the mailbox + 3 dead-lettered messages", 4, stats.resourcesFreed());
        assertEquals(0, stats.errorsEncountered());
        List<DeadLetter> dead = ipc.deadLetters();
        assertEquals(List.of("one", "two", "three"), dead.stream().map(DeadLetter::message).toList());
        for (DeadLetter letter : dead) {
            assertEquals(b, letter.from());
            assertEquals(a, letter.to());
            assertNotNull(letter.sent());
            assertFalse(letter.when().isBefore(letter.sent()));
            assertEquals("pid 1 was cleaned up", letter.reason());
        }
        assertFalse(lease.isHeld());
        assertFalse(ipc.cleanupHandler().hasResources(a));
        assertEquals(ResourceUsage.NONE, ipc.cleanupHandler().usage(a));
        assertEquals(Optional.empty(), ipc.mailbox(a));
        assertEquals("a second cleanup finds nothing", CleanupStats.NONE, ipc.cleanupHandler().cleanup(a));
    }

    @Test
    public void aBlockedReceiverIsReleasedWithClosedWhenItsProcessIsCleanedUp() throws Exception {
        ipc.open(a);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread receiver = new Thread(() -> outcome.set(receiveOutcome(a)), "receiver");
        receiver.start();
        awaitBlocked(receiver);

        processes.put(a, ProcessState.TERMINATING);
        ipc.cleanupHandler().cleanup(a);
        receiver.join(JOIN_MILLIS);

        assertFalse("the receiver is still blocked", receiver.isAlive());
        assertTrue("got " + outcome.get(), outcome.get() instanceof MailboxClosedException);
        MailboxClosedException closed = (MailboxClosedException) outcome.get();
        assertEquals("mailbox of pid 1 is closed: pid 1 was cleaned up", closed.getMessage());
        assertEquals(a, closed.owner());
    }

    @Test
    public void aSenderWaitingForRoomIsReleasedWithClosedAndItsMessageIsNotQueued() throws Exception {
        ipc.open(a, 1);
        ipc.send(b, a, "queued");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread sender = new Thread(() -> {
            try {
                ipc.send(b, a, "waiting", LONG);
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "sender");
        sender.start();
        awaitBlocked(sender);

        processes.put(a, ProcessState.TERMINATING);
        assertEquals(2, ipc.cleanupHandler().cleanup(a).resourcesFreed());
        sender.join(JOIN_MILLIS);

        assertFalse(sender.isAlive());
        assertTrue("got " + outcome.get(), outcome.get() instanceof MailboxClosedException);
        assertEquals("only the queued message is a dead letter", List.of("queued"),
                ipc.deadLetters().stream().map(DeadLetter::message).toList());
    }

    @Test
    public void aMailboxIsUsedAndReleasedOnlyByItsOwner() throws Exception {
        Lease<Mailbox> lease = ipc.open(a);
        assertThrows(WrongOwnerException.class, () -> lease.resource(b));
        assertThrows(WrongOwnerException.class, () -> ipc.release(b, lease));
        assertTrue(lease.isHeld());

        ipc.send(b, a, "unread");
        ipc.release(a, lease);
        assertFalse(lease.isHeld());
        assertThrows(IllegalStateException.class, () -> ipc.release(a, lease));
        assertEquals("released by its owner", ipc.deadLetters().get(0).reason());
        assertThrows(NoMailboxException.class, () -> ipc.send(b, a, "after"));

        assertEquals("a later receive opens a new mailbox", Optional.empty(), ipc.receive(a, Duration.ZERO));
        ipc.send(b, a, "after");
        assertEquals("after", ipc.receive(a, Duration.ZERO).orElseThrow().payload());
    }

    @Test
    public void badInputIsRefusedWithOneClearMessage() {
        ipc.open(a);
        assertEquals("pid 1 already has a mailbox (capacity 256); release it first",
                assertThrows(IllegalStateException.class, () -> ipc.open(a, 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ipc.open(b, 0));
        assertThrows(IllegalArgumentException.class, () -> ipc.receive(a, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> ipc.send(b, a, "x", Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> ipc.send(b, a, null));
        assertFalse("nothing half-opened for b", ipc.cleanupHandler().hasResources(b));
        assertEquals(0, ipc.mailbox(a).orElseThrow().resource(a).size());
    }

    @Test
    public void deadLettersAreBoundedAndEvictionsCounted() {
        CloseableIpcManager small = IpcManager.create(processes::get, new IpcSettings(8, 2));
        try {
            small.open(a);
            small.send(b, a, "oldest");
            small.send(b, a, "middle");
            small.send(b, a, "newest");
            assertEquals("all three count as freed", 4, small.cleanupHandler().cleanup(a).resourcesFreed());
            assertEquals(List.of("middle", "newest"), small.deadLetters().stream().map(DeadLetter::message).toList());
            assertEquals(1, small.deadLettersEvicted());
        } finally {
            small.shutdown();
        }
    }

    @Test
    public void closeReleasesEveryMailboxAndDeadLettersTheirMessages() throws Exception {
        ipc.open(a);
        ipc.open(b);
        ipc.send(b, a, "a1");
        ipc.send(b, a, "a2");
        ipc.send(a, b, "b1");
        AtomicReference<Object> outcome = new AtomicReference<>();
        Pid c = Pid.of(3);
        processes.put(c, ProcessState.RUNNING);
        Thread receiver = new Thread(() -> outcome.set(receiveOutcome(c)), "receiver");
        receiver.start();
        awaitBlocked(receiver);

        CleanupStats stats = ipc.shutdown();

        assertEquals("3 mailboxes + 3 messages", 6, stats.resourcesFreed());
        assertEquals(3, ipc.deadLetters().size());
        assertTrue(ipc.deadLetters().stream().allMatch(d -> d.reason().equals("ipc stopped")));
        receiver.join(JOIN_MILLIS);
        assertTrue("got " + outcome.get(), outcome.get() instanceof MailboxClosedException);
        assertFalse(ipc.cleanupHandler().hasResources(a) || ipc.cleanupHandler().hasResources(b) || ipc.cleanupHandler().hasResources(c));
        assertThrows(IllegalStateException.class, () -> ipc.send(a, b, "after stop"));
        assertThrows(IllegalStateException.class, () -> ipc.receive(a, Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> ipc.open(a));
    }

    private Object receiveOutcome(Pid pid) {
        try {
            return ipc.receive(pid, LONG);
        } catch (Throwable e) {
            return e;
        }
    }

    /** Waits, bounded, until {@code thread} parks in a wait. */
    static void awaitBlocked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertTrue("thread never blocked: " + thread.getState(), System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }
}
