package io.reclaim.api.ledger;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;

public class PinnedRegionTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final Quarantine quarantine = new Quarantine();

    @After
    public void stopPool() {
        pool.shutdownNow();
    }

    /** A real direct buffer whose freeing is counted, and refused a second time. */
    private static final class Block {
        final ByteBuffer memory = ByteBuffer.allocateDirect(4096);
        final AtomicInteger frees = new AtomicInteger();
        final AtomicReference<Thread> freedBy = new AtomicReference<>();
        volatile boolean freed;

        void free() {
            if (frees.incrementAndGet() != 1) {
                throw new AssertionError("freed twice");
            }
            freedBy.set(Thread.currentThread());
            freed = true;
            DirectBuffers.free(memory);
        }
    }

    private PinnedRegion region(Block block) {
        return PinnedRegion.of(block.memory, quarantine, block::free);
    }

    @Test
    public void aRegionWithoutPinsIsFreedAtOnceAndRefusesPinsAfterwards() {
        Block block = new Block();
        PinnedRegion region = region(block);
        region.access(buffer -> buffer.putLong(0, 42L));
        assertEquals(42L, (long) region.apply(buffer -> buffer.getLong(0)));

        assertTrue(region.close(Duration.ofSeconds(5)));

        assertEquals(1, block.frees.get());
        assertTrue(region.isFreed());
        assertThrows(IllegalStateException.class, region::pin);
        assertThrows(IllegalStateException.class, () -> region.close(Duration.ZERO));
        assertEquals(0, quarantine.regions());
    }

    @Test
    public void aRegionStillPinnedIsQuarantinedAndFreedByTheThreadThatEndsItsLastPin() throws Exception {
        Block block = new Block();
        PinnedRegion region = region(block);
        Pin first = region.pin();
        Pin second = region.pin();

        assertFalse(region.close(Duration.ZERO));

        assertTrue(region.isQuarantined());
        assertEquals(0, block.frees.get());
        assertEquals(1, quarantine.regions());
        assertEquals(4096, quarantine.bytes());
        first.buffer().putInt(0, 7); // still mapped memory: the pin holds it
        assertThrows(IllegalStateException.class, region::pin);

        first.close();
        first.close(); // a second close does not count twice
        assertEquals(0, block.frees.get());
        Future<?> last = pool.submit(second::close);
        last.get(10, TimeUnit.SECONDS);

        assertEquals(1, block.frees.get());
        assertFalse(block.freedBy.get() == Thread.currentThread());
        assertEquals(0, quarantine.regions());
        assertEquals(0, quarantine.bytes());
        assertEquals(1, quarantine.freedLater());
        assertThrows(IllegalStateException.class, second::buffer);
    }

    @Test
    public void closeWaitsForAPinThatEndsWithinTheWait() throws Exception {
        Block block = new Block();
        PinnedRegion region = region(block);
        CountDownLatch pinned = new CountDownLatch(1);
        CountDownLatch closing = new CountDownLatch(1);
        Future<?> user = pool.submit(() -> {
            try (Pin pin = region.pin()) {
                pinned.countDown();
                closing.await();
                while (block.frees.get() == 0 && pin.buffer().getInt(0) < 1_000) {
                    pin.buffer().putInt(0, pin.buffer().getInt(0) + 1); // the closer must not free under this
                }
            }
            return null;
        });
        pinned.await();
        closing.countDown();

        assertTrue(region.close(Duration.ofSeconds(30)));

        user.get(10, TimeUnit.SECONDS);
        assertEquals(1, block.frees.get());
        assertSame(Thread.currentThread(), block.freedBy.get());
        assertEquals(0, quarantine.regions());
    }

    @Test
    public void racingPinsAndClosesFreeEachRegionExactlyOnceAndNeverUnderAPin() throws Exception {
        AtomicInteger pinnedAfterFree = new AtomicInteger();
        for (int round = 0; round < 300; round++) {
            Block block = new Block();
            PinnedRegion region = region(block);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> users = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                users.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 200; i++) {
                        try (Pin pin = region.pin()) {
                            if (block.freed) {
                                pinnedAfterFree.incrementAndGet();
                            }
                            pin.buffer().putInt(0, i);
                        } catch (IllegalStateException released) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            boolean freedNow = region.close(round % 2 == 0 ? Duration.ZERO : Duration.ofMillis(1));
            for (Future<?> user : users) {
                user.get(10, TimeUnit.SECONDS);
            }
            assertEquals("round " + round + " (freed at close: " + freedNow + ")", 1, block.frees.get());
            assertTrue(region.isFreed());
        }
        assertEquals(0, pinnedAfterFree.get());
        assertEquals(0, quarantine.regions());
        assertEquals(0, quarantine.bytes());
    }

    @Test
    public void aFailureToFreeAtTheLastPinIsCountedAndDoesNotReachTheCodeThatUnpins() {
        ByteBuffer memory = ByteBuffer.allocateDirect(128);
        PinnedRegion region = PinnedRegion.of(memory, quarantine, () -> {
            DirectBuffers.free(memory);
            throw new AssertionError("injected");
        });
        Pin pin = region.pin();
        assertFalse(region.close(Duration.ZERO));

        pin.close();

        assertEquals(1, quarantine.failures());
        assertTrue(quarantine.lastFailure().contains("injected"));
        assertEquals(0, quarantine.regions());
    }

    @Test
    public void pinContainingFindsTheRegionOfASliceAndNothingForOtherMemory() {
        Block block = new Block();
        PinnedRegion region = region(block);
        ByteBuffer slice = block.memory.duplicate().position(1024).limit(2048).slice();

        Pin pin = PinnedRegion.pinContaining(slice.position(8)).orElseThrow();
        assertEquals(1, region.pins());
        assertFalse(region.close(Duration.ZERO));
        assertThrows(IllegalStateException.class, () -> PinnedRegion.pinContaining(slice));
        pin.close();
        assertEquals(1, block.frees.get());

        ByteBuffer other = ByteBuffer.allocateDirect(64);
        assertTrue(PinnedRegion.pinContaining(other).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PinnedRegion.pinContaining(ByteBuffer.allocate(8)));
    }

    @Test
    public void awaitUnpinnedWaitsOnceForEveryRegionThenCloseDecidesAtOnce() throws Exception {
        Block free = new Block();
        Block held = new Block();
        PinnedRegion unpinned = region(free);
        PinnedRegion pinned = region(held);
        Pin pin = pinned.pin();

        PinnedRegion.awaitUnpinned(List.of(unpinned, pinned), Duration.ofMillis(20));

        assertThrows(IllegalStateException.class, unpinned::pin); // closing already
        assertTrue(unpinned.close(Duration.ZERO));
        assertFalse(pinned.close(Duration.ZERO));
        assertEquals(4096, quarantine.bytes());
        pin.close();
        assertEquals(1, held.frees.get());
        assertEquals(0, quarantine.bytes());
    }

    @Test
    public void theLedgerCountsAQuarantinedReleaseApartFromFreedAndFailed() {
        Pid pid = Pid.of(1);
        AtomicBoolean running = new AtomicBoolean(true);
        ResourceLedger<PinnedRegion> ledger = new ResourceLedger<>("regions",
                p -> running.get() ? ProcessState.RUNNING : ProcessState.TERMINATING, region -> {
                    if (!region.close(Duration.ZERO)) {
                        throw new QuarantinedException(region + " is still pinned");
                    }
                }, PinnedRegion::bytes);
        Block a = new Block();
        Block b = new Block();
        ledger.track(pid, region(a));
        Lease<PinnedRegion> pinnedLease = ledger.track(pid, region(b));
        Pin pin = pinnedLease.resource(pid).pin();
        running.set(false);

        CleanupStats stats = ledger.cleanup(pid);

        assertEquals(1, stats.resourcesFreed());
        assertEquals(4096, stats.bytesFreed());
        assertEquals(1, stats.resourcesQuarantined());
        assertEquals(4096, stats.bytesQuarantined());
        assertFalse(stats.hasErrors());
        assertFalse(ledger.has(pid));
        pin.close();
        assertEquals(1, b.frees.get());
    }

    @Test
    public void anOwnerReleaseOfAPinnedResourceFreesNothingNowAndStopsTrackingIt() {
        Pid pid = Pid.of(2);
        ResourceLedger<PinnedRegion> ledger = new ResourceLedger<>("regions", p -> ProcessState.RUNNING, region -> {
            if (!region.close(Duration.ZERO)) {
                throw new QuarantinedException(region + " is still pinned");
            }
        }, PinnedRegion::bytes);
        Block block = new Block();
        Lease<PinnedRegion> lease = ledger.track(pid, region(block));
        Pin pin = lease.resource(pid).pin();

        assertEquals(0, ledger.release(pid, lease));

        assertFalse(lease.isHeld());
        assertEquals(0, ledger.totals().failures());
        assertEquals(0, ledger.totals().released());
        assertEquals(4096, quarantine.bytes());
        pin.close();
        assertEquals(1, block.frees.get());
        assertEquals(0, quarantine.bytes());
    }
}
