package io.reclaim.iouring.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ledger.DirectBuffers;
import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.api.ledger.Quarantine;
import io.reclaim.iouring.Completion;
import io.reclaim.iouring.Ring;

/**
 * DESIGN rule 11 for io_uring: a read in flight into memory that another bundle frees
 * deterministically (an off-heap allocation is a {@link PinnedRegion}) pins it, so releasing that
 * memory quarantines it until the completion is reaped.
 */
public class PinnedBufferTest {

    private final Map<Pid, ProcessState> states = new ConcurrentHashMap<>();
    private final Pid pid = Pid.of(1);
    private IoUringManagerImpl manager;
    private int[] pipe = {-1, -1};

    @Before
    public void setUp() {
        states.put(pid, ProcessState.RUNNING);
        manager = new IoUringManagerImpl(states::get);
        Optional<String> unavailable = manager.unavailableReason();
        assumeTrue("io_uring is not available here: " + unavailable.orElse(""), unavailable.isEmpty());
    }

    @After
    public void tearDown() {
        manager.deactivate();
        for (int fd : pipe) {
            if (fd >= 0) {
                NativeFiles.close(fd);
            }
        }
    }

    @Test
    public void aReadInFlightPinsTheRegionOfItsBufferUntilItsCompletionIsReaped() {
        Quarantine quarantine = new Quarantine();
        ByteBuffer memory = ByteBuffer.allocateDirect(4096);
        AtomicInteger frees = new AtomicInteger();
        PinnedRegion region = PinnedRegion.of(memory, quarantine, () -> {
            frees.incrementAndGet();
            DirectBuffers.free(memory);
        });
        pipe = NativeFiles.pipe();
        Ring ring = manager.create(pid, 4).resource(pid);
        try (Pin pin = region.pin()) {
            ByteBuffer target = pin.buffer().position(100).limit(200).slice();
            ring.read(pipe[0], target, -1, 7L);
            assertEquals(1, ring.submit()); // an empty pipe: the read waits in the kernel
        }
        assertEquals(1, region.pins());

        assertFalse(region.close(Duration.ofMillis(20)));
        assertEquals(0, frees.get());
        assertEquals(4096, quarantine.bytes());

        NativeFiles.write(pipe[1], new byte[] {1, 2, 3});
        List<Completion> done = ring.await(1, Duration.ofSeconds(10));

        assertEquals(List.of(new Completion(7L, 3)), done);
        assertEquals(1, frees.get());
        assertTrue(region.isFreed());
        assertEquals(0, quarantine.bytes());
    }
}
