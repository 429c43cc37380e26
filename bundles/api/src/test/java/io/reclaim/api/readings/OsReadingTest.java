package io.reclaim.api.readings;

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
import java.util.Map;
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
    public void aMappingIsOneMoreFileMappingUntilItIsUnmapped() throws Exception {
        assumeTrue("needs /proc", Files.isReadable(Path.of("/proc/self/maps")));
        Path file = Files.createTempFile("reading", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8192));
            // the first mapping and unmapping load classes and commit metaspace: once, before counting
            DirectBuffers.free(channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192));
            // file mappings only: the JVM splits and merges anonymous ones by itself at any time
            long before = OsReading.now().fileMappings();
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192);
            long mappedCount = OsReading.now().fileMappings();
            DirectBuffers.free(mapped);

            assertEquals(before + 1, mappedCount);
            assertEquals(before, OsReading.now().fileMappings());
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
        assertEquals(Long.valueOf(1), allocated.leaksSince(before, 0).get("direct buffers"));
        assertEquals(before.directBytes(), freed.directBytes());
        assertEquals(null, freed.leaksSince(before, 0).get("direct buffers"));
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
            assertEquals(Long.valueOf(1), during.leaksSince(before, 0).get("threads"));
        } finally {
            release.countDown();
            blocked.join(10_000);
        }
        assertEquals(null, OsReading.now().leaksSince(before, 0).get("threads"));
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
            assertEquals(null, idle.leaksSince(before, 0).get("threads"));

            core.submit(() -> { }).get(10, TimeUnit.SECONDS);
            OsReading withCore = OsReading.now();
            assertEquals("a core worker stays until its pool shuts down", Long.valueOf(1),
                    withCore.leaksSince(before, 0).get("threads"));
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
    public void readingsThatThisSystemLacksNeverCountAsLeaks() {
        OsReading before = new OsReading(-1, -1, -1, 10, 0, 0, 0);
        OsReading after = new OsReading(-1, -1, -1, 10, 0, 0, 0);

        assertTrue(after.isBackTo(before, 0));
    }

    @Test
    public void aMappedFileIsAFileMappingUntilItIsUnmapped() throws Exception {
        assumeTrue("needs /proc", Files.isReadable(Path.of("/proc/self/maps")));
        Path file = Files.createTempFile("reading", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8192));
            DirectBuffers.free(channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192));
            OsReading before = OsReading.now();
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, 8192);
            OsReading during = OsReading.now();
            DirectBuffers.free(mapped);

            assertEquals(before.fileMappings() + 1, during.fileMappings());
            assertEquals(before.fileMappings(), OsReading.now().fileMappings());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void eachThreadAddedAtThePeakMayCacheOneDirectBufferButNoMore() {
        OsReading before = new OsReading(40, 300, 60, 10, 0, 1, 8192);
        OsReading after = new OsReading(40, 305, 60, 12, 2, 4, 32_768);

        assertEquals(Map.of("direct buffers", 3L), after.leaksSince(before, 0));
        assertEquals(Map.of("direct buffers", 1L), after.leaksSince(before, 2));
        assertTrue(after.isBackTo(before, 3));
        assertFalse(after.isBackTo(before, 2));
    }

    @Test
    public void anonymousMappingsAreTheJvmsOwnButFileMappingsMustComeBack() {
        OsReading before = new OsReading(40, 300, 60, 10, 0, 1, 8192);

        assertTrue(new OsReading(40, 310, 60, 10, 0, 1, 8192).isBackTo(before, 0));
        assertEquals(Map.of("file mappings", 1L), new OsReading(40, 301, 61, 10, 0, 1, 8192).leaksSince(before, 0));
    }

    @Test
    public void aLineOfMapsIsAFileMappingWhenItNamesAFileOrAKernelObject() {
        assertTrue(OsReading.isFileMapping("7f00-7f10 rw-s 00000000 00:1f 123 /tmp/reclaim-ring (deleted)"));
        assertTrue(OsReading.isFileMapping("7f00-7f10 rw-s 00000000 00:0e 77 anon_inode:[io_uring]"));
        assertTrue(OsReading.isFileMapping("7f00-7f10 r--p 00000000 08:01 99 /usr/lib/libc.so.6"));
        assertFalse(OsReading.isFileMapping("7f00-7f10 rw-p 00000000 00:00 0"));
        assertFalse(OsReading.isFileMapping("7f00-7f10 rw-p 00000000 00:00 0 "));
        assertFalse(OsReading.isFileMapping("7ffd-7ffe rw-p 00000000 00:00 0                          [stack]"));
        assertFalse(OsReading.isFileMapping("5600-5601 rw-p 00000000 00:00 0 [heap]"));
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
