package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.Test;

import io.reclaim.api.ledger.DirectBuffers;

/** Each reading against the real thing it counts: a file, a mapping, a thread, a direct buffer. */
public class OsReadingTest {

    @Test
    public void anOpenFileIsOneMoreFdUntilItIsClosed() throws Exception {
        assumeTrue("needs /proc", Files.isDirectory(Path.of("/proc/self/fd")));
        Path file = Files.createTempFile("reading", ".bin");
        try {
            long before = OsReading.countOpenFds();
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            long open = OsReading.countOpenFds();
            channel.close();

            assertEquals(before + 1, open);
            assertEquals(before, OsReading.countOpenFds());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void aMappingIsOneMoreLineOfMapsUntilItIsUnmapped() throws Exception {
        assumeTrue("needs /proc", Files.isReadable(Path.of("/proc/self/maps")));
        Path file = Files.createTempFile("reading", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8192));
            // the first mapping and unmapping load classes and commit metaspace: once, before counting
            DirectBuffers.free(channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192));
            long before = OsReading.countMappings();
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192);
            long mappedCount = OsReading.countMappings();
            DirectBuffers.free(mapped);

            assertEquals(before + 1, mappedCount);
            assertEquals(before, OsReading.countMappings());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void aDirectBufferCountsUntilItIsFreed() {
        OsReading before = OsReading.now();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        OsReading allocated = OsReading.now();
        DirectBuffers.free(buffer);
        OsReading freed = OsReading.now();

        assertEquals(before.directBuffers() + 1, allocated.directBuffers());
        assertEquals(before.directBytes() + 64 * 1024, allocated.directBytes());
        assertEquals(1, allocated.excessOver(before).directBuffers());
        assertFalse(allocated.isBackTo(before));
        assertEquals(before.directBytes(), freed.directBytes());
        assertTrue(freed.isBackTo(before));
    }

    @Test
    public void aBlockedThreadIsBusyUntilItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OsReading before = OsReading.now();
        Thread blocked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "reading-test-blocked");
        blocked.start();
        try {
            OsReading during = OsReading.now();
            assertEquals(1, during.excessOver(before).threads());
            assertFalse(during.isBackTo(before));
        } finally {
            release.countDown();
            blocked.join(10_000);
        }
        // threads only: glibc keeps the stack of an ended thread mapped for the next one
        assertEquals(0, OsReading.now().excessOver(before).threads());
    }

    @Test
    public void anIdleWorkerWithAKeepAliveIsRetiringButACoreWorkerIsBusy() throws Exception {
        ThreadPoolExecutor retiring = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS, new SynchronousQueue<>());
        ThreadPoolExecutor core = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        try {
            OsReading before = OsReading.now();
            retiring.submit(() -> { }).get(10, TimeUnit.SECONDS);
            OsReading idle = awaitIdle(before.retiringThreads() + 1);
            assertEquals("the idle worker of a pool that retires it is not busy", before.busyThreads(), idle.busyThreads());
            assertTrue(idle.isBackTo(before));

            core.submit(() -> { }).get(10, TimeUnit.SECONDS);
            OsReading withCore = OsReading.now();
            assertEquals("a core worker stays until its pool shuts down", 1, withCore.excessOver(before).threads());
        } finally {
            retiring.shutdownNow();
            core.shutdownNow();
            assertTrue(retiring.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(core.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    public void onlyAWorkerWaitingWithATimeoutIsRetiring() {
        StackTraceElement park = frame("jdk.internal.misc.Unsafe", "park");
        StackTraceElement getTask = frame("java.util.concurrent.ThreadPoolExecutor", "getTask");
        StackTraceElement run = frame("java.util.concurrent.ThreadPoolExecutor", "runWorker");

        assertTrue(OsReading.isRetiring(new StackTraceElement[] {park,
            frame("java.util.concurrent.SynchronousQueue", "poll"), getTask, run}));
        assertFalse(OsReading.isRetiring(new StackTraceElement[] {park,
            frame("java.util.concurrent.LinkedBlockingQueue", "take"), getTask, run}));
        assertTrue(OsReading.isRetiring(new StackTraceElement[] {park,
            frame("java.util.concurrent.ForkJoinPool", "awaitWork"), frame("java.util.concurrent.ForkJoinPool", "runWorker")}));
        assertFalse(OsReading.isRetiring(new StackTraceElement[] {park, frame("java.lang.Thread", "run")}));
        assertFalse(OsReading.isRetiring(new StackTraceElement[0]));
    }

    @Test
    public void readingsThatThisSystemLacksNeverCountAsExcess() {
        OsReading before = new OsReading(-1, -1, 10, 0, 0, 0);
        OsReading after = new OsReading(-1, -1, 10, 0, 0, 0);

        assertTrue(after.isBackTo(before));
        assertEquals(0, after.excessOver(before).fds());
    }

    @Test
    public void eachThreadBeyondThoseRunningBeforeMayLeaveItsStackMappedButNoMore() {
        OsReading before = new OsReading(40, 300, 10, 0, 1, 8192);
        OsReading after = new OsReading(40, 305, 10, 2, 1, 8192);

        assertEquals(5, after.excessOver(before).mappings());
        assertEquals(1, after.excessOver(before, 2).mappings());
        assertEquals(0, after.excessOver(before, 3).mappings());
        assertTrue(after.isBackTo(before, 3));
        assertFalse(after.isBackTo(before, 2));
        assertEquals("the allowance is for mappings only", 0, after.excessOver(before, 3).fds());
    }

    /** A new worker reaches its idle wait a moment after its task: wait for it, bounded. */
    private static OsReading awaitIdle(int retiring) throws InterruptedException {
        OsReading reading = OsReading.now();
        for (int i = 0; i < 500 && reading.retiringThreads() < retiring; i++) {
            Thread.sleep(10);
            reading = OsReading.now();
        }
        return reading;
    }

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }
}
