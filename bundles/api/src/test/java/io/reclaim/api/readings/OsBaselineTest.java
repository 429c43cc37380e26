package io.reclaim.api.readings;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.Test;

import io.reclaim.api.ledger.DirectBuffers;

/** The baseline judges a run as the self-test does: what is back is no leak, what stays is. */
public class OsBaselineTest {

    @Test
    public void aThreadThatEndedAndABufferThatWasFreedAreBack() throws Exception {
        OsBaseline baseline = OsBaseline.take();
        Thread worker = new Thread(() -> DirectBuffers.free(ByteBuffer.allocateDirect(4096)), "baseline-test-worker");
        worker.start();
        worker.join(10_000);

        OsReading after = baseline.settle(30, Duration.ofMillis(50));

        assertEquals(Map.of(), baseline.leaksIn(after));
        assertTrue("the worker ran beside the test's threads", baseline.extraThreads() >= 1);
    }

    @Test
    public void aThreadStillRunningAndABufferStillHeldAreLeaks() throws Exception {
        OsBaseline baseline = OsBaseline.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread blocked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "baseline-test-blocked");
        blocked.start();
        ByteBuffer kept = ByteBuffer.allocateDirect(4096);
        ByteBuffer second = ByteBuffer.allocateDirect(4096);
        try {
            OsReading after = baseline.settle(2, Duration.ofMillis(10));

            Map<String, Long> leaks = baseline.leaksIn(after);
            assertEquals(Long.valueOf(1), leaks.get("threads"));
            // one buffer is allowed to the one thread added at the peak, as the JDK may cache one per thread
            assertEquals(Long.valueOf(1), leaks.get("direct buffers"));
        } finally {
            release.countDown();
            blocked.join(10_000);
            DirectBuffers.free(kept);
            DirectBuffers.free(second);
        }
    }
}
