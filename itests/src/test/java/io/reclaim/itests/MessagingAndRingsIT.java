package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ledger.Lease;
import io.reclaim.iouring.IoUringManager;
import io.reclaim.ipc.IpcManager;
import io.reclaim.ipc.MailboxClosedException;
import io.reclaim.signals.SignalManager;
import io.reclaim.zerocopy.Ring;
import io.reclaim.zerocopy.RingClosedException;
import io.reclaim.zerocopy.ZeroCopyManager;

/** Signals, IPC, zero-copy and io_uring inside Felix: released at termination and when their bundle stops. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class MessagingAndRingsIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void aGracefulTerminateDeliversTermToTheProcessBeforeItsHandlersAreRemoved() throws Exception {
        SignalManager signals = service(SignalManager.class);
        Pid pid = spawn("graceful");
        List<String> received = new CopyOnWriteArrayList<>();
        signals.handle(pid, SignalManager.TERM, signal -> {
            Thread.sleep(100); // a clean shutdown takes a moment
            received.add(signal);
        });
        signals.send(pid, SignalManager.USR1); // no handler yet: stays pending

        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ofSeconds(5));

        assertEquals(List.of("TERM"), received);
        assertEquals(2, result.outcome("signals").stats().resourcesFreed()); // the handler and the pending USR1
        assertFalse(handler(SignalManager.TYPE).hasResources(pid));
        assertThrows(io.reclaim.api.ProcessNotRunningException.class, () -> signals.send(pid, SignalManager.HUP));
        assertThrows(IllegalArgumentException.class, () -> signals.send(spawn("other"), "NO SUCH"));

        Pid holder = spawn("holder");
        Lease<io.reclaim.signals.SignalSubscription> kept = signals.handle(holder, SignalManager.HUP, signal -> { });
        signals.send(holder, SignalManager.USR2); // pending: no handler for it
        bundle("io.reclaim.resource-signals").stop();
        assertFalse(kept.isHeld());
    }

    @Test
    public void undeliveredMessagesAreDeadLetteredAndABlockedReceiverIsReleasedWhenTheBundleStops() throws Exception {
        IpcManager ipc = service(IpcManager.class);
        Pid sender = spawn("sender");
        Pid receiver = spawn("receiver");
        ipc.open(receiver);
        ipc.send(sender, receiver, "one");
        ipc.send(sender, receiver, "two");

        CleanupResult result = service(ProcessManager.class).terminate(receiver, Duration.ZERO);

        assertEquals(3, result.outcome("ipc").stats().resourcesFreed()); // the mailbox and two dead letters
        assertTrue(ipc.deadLetters().stream().anyMatch(letter -> "two".equals(letter.message())));
        assertThrows(IllegalStateException.class, () -> ipc.send(sender, receiver, "three"));

        Pid waiter = spawn("waiter");
        CompletableFuture<Object> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return ipc.receive(waiter, Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                return e;
            }
        });
        await("the receiver waits", () -> ipc.mailbox(waiter).isPresent());
        bundle("io.reclaim.resource-ipc").stop();
        ExecutionException closed = assertThrows(ExecutionException.class, () -> blocked.get(WAIT_MS, TimeUnit.MILLISECONDS));
        assertTrue(closed.getCause().toString(), closed.getCause() instanceof MailboxClosedException);
    }

    @Test
    public void aZeroCopyRingIsUnmappedAndItsFileDeletedWhenItsCreatorEnds() throws Exception {
        ZeroCopyManager rings = service(ZeroCopyManager.class);
        Pid owner = spawn("owner");
        Pid peer = spawn("peer");
        Ring created = rings.create(owner, "it-ring", 4096).resource(owner);
        Ring attached = rings.attach(peer, "it-ring").resource(peer);
        assertTrue(attached.write(1, ByteBuffer.wrap(new byte[] {1, 2, 3})));
        List<Integer> lengths = new CopyOnWriteArrayList<>();
        assertEquals(1, created.read((type, message) -> lengths.add(message.remaining()), 10));
        assertEquals(List.of(3), lengths);
        String file = created.file().toString();
        assertEquals(2, mappingsOf(file));

        service(ProcessManager.class).terminate(owner, Duration.ZERO);

        assertEquals(1, mappingsOf(file)); // the peer's own view until the peer lets go
        assertFalse(Files.exists(created.file()));
        assertThrows(RingClosedException.class, () -> attached.write(1, ByteBuffer.wrap(new byte[] {4})));
        service(ProcessManager.class).terminate(peer, Duration.ZERO);
        assertEquals(0, mappingsOf(file));

        Pid holder = spawn("holder");
        Ring kept = rings.create(holder, "it-kept", 4096).resource(holder);
        bundle("io.reclaim.resource-zerocopy").stop();
        assertEquals(0, mappingsOf(kept.file().toString()));
        assertFalse(Files.exists(kept.file()));
    }

    @Test
    public void ioUringRingsAreUnmappedAndClosedWhenTheProcessEndsAndWhenTheBundleStops() throws Exception {
        IoUringManager uring = service(IoUringManager.class);
        org.junit.Assume.assumeFalse("io_uring is unavailable here: " + uring.unavailableReason().orElse(""),
                uring.unavailableReason().isPresent());
        long fdsBefore = openFds();
        long mapsBefore = mappingsOf("io_uring");
        Pid pid = spawn("uring");
        Lease<io.reclaim.iouring.Ring> lease = uring.create(pid, 8);
        io.reclaim.iouring.Ring ring = lease.resource(pid);
        ring.nop(42);
        ring.submit();
        List<io.reclaim.iouring.Completion> done = ring.await(1, Duration.ofSeconds(10));
        assertEquals(42, done.get(0).userData());
        uring.create(pid, 4);
        assertEquals(fdsBefore + 2, openFds());
        assertTrue(mappingsOf("io_uring") > mapsBefore);

        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);

        assertEquals(2, result.outcome("iouring").stats().resourcesFreed());
        assertEquals(fdsBefore, openFds());
        assertEquals(mapsBefore, mappingsOf("io_uring"));

        Pid holder = spawn("holder");
        assertNotNull(uring.create(holder, 8));
        assertEquals(fdsBefore + 1, openFds());
        bundle("io.reclaim.resource-iouring").stop();
        assertEquals(fdsBefore, openFds());
        assertEquals(mapsBefore, mappingsOf("io_uring"));
    }
}
