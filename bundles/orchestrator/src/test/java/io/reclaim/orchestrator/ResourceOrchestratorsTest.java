package io.reclaim.orchestrator;

import io.reclaim.api.OrchestratorStatistics;
import java.util.stream.Stream;
import java.nio.file.Path;
import java.nio.file.Files;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.HandlerOutcome;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator.Registration;
import io.reclaim.api.ResourceUsage;
import io.reclaim.testing.Descriptors;

public class ResourceOrchestratorsTest {

    private static final Pid PID = Pid.of(42);

    private final List<String> journal = Collections.synchronizedList(new ArrayList<>());
    private EmbeddedOrchestrator orchestrator;

    @After
    public void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
    }

    @Test(timeout = 10_000)
    public void handlersRunInDescendingRankingAndLaterRegistrationFirstAmongEqualRankings() {
        orchestrator = ResourceOrchestrators.builder()
                .register(new PipeHandler("sockets", journal))
                .register(new PipeHandler("mmap", journal))
                .register(new PipeHandler("memory", journal), ResourceCleanup.RANKING_MEMORY)
                .register(new PipeHandler("tasks", journal), ResourceCleanup.RANKING_TASKS)
                .build();

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals(List.of("tasks", "memory", "mmap", "sockets"), result.order());
        assertEquals(result.order(), journal);
        assertFalse(result.hasErrors());
    }

    @Test(timeout = 10_000)
    public void handlersShowTheirPlaceRankingNegativeIdAndNoBundle() {
        orchestrator = ResourceOrchestrators.builder()
                .register(new PipeHandler("files", journal), ResourceCleanup.RANKING_FILES)
                .register(new PipeHandler("custom", journal))
                .build();

        assertEquals(List.of(new HandlerInfo(1, "files", 300, -1, "-"), new HandlerInfo(2, "custom", 0, -2, "-")),
                orchestrator.handlers());
    }

    @Test(timeout = 10_000)
    public void cleanupClosesTheRealChannelsAndReportsThemFreed() throws IOException {
        PipeHandler files = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder().register(files).build();
        orchestrator.cleanupProcess(Pid.of(1)); // warm up: load every class before counting descriptors
        long before = Descriptors.resources();
        List<Pipe> pipes = files.open(PID, 50);
        assertEquals(before + 100, Descriptors.resources());

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertTrue(PipeHandler.allClosed(pipes));
        assertEquals(before, Descriptors.resources());
        assertEquals(50, result.total().resourcesFreed());
        assertEquals(50, result.outcome("files").stats().resourcesFreed());
        assertFalse(files.hasResources(PID));
    }

    @Test(timeout = 20_000)
    public void aThrowingAndAHangingHandlerStopNothing() throws InterruptedException {
        CountDownLatch hangerInterrupted = new CountDownLatch(1);
        ResourceCleanup thrower = handler("signals", pid -> {
            throw new IllegalStateException("signal table corrupt");
        });
        ResourceCleanup hanger = handler("ipc", pid -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                hangerInterrupted.countDown();
            }
            return CleanupStats.NONE;
        });
        PipeHandler first = new PipeHandler("tasks", journal);
        PipeHandler last = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(first, 800).register(thrower, 700).register(hanger, 600).register(last, 300)
                .handlerTimeout(Duration.ofMillis(2000))
                .build();
        List<Pipe> firstPipes = first.open(PID, 3);
        List<Pipe> lastPipes = last.open(PID, 4);

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals(List.of("tasks", "signals", "ipc", "files"), result.order());
        assertTrue(PipeHandler.allClosed(firstPipes));
        assertTrue(PipeHandler.allClosed(lastPipes));
        assertEquals(7, result.total().resourcesFreed());
        assertEquals("threw IllegalStateException: signal table corrupt", result.outcome("signals").error());
        assertEquals("timed out after 2000 ms, abandoned", result.outcome("ipc").error());
        assertEquals(List.of("signals: threw IllegalStateException: signal table corrupt",
                "ipc: timed out after 2000 ms, abandoned"), result.errors());
        assertEquals(2, result.total().errorsEncountered());
        assertNull(result.outcome("files").error());
        assertTrue("the abandoned handler's thread is interrupted", hangerInterrupted.await(5, TimeUnit.SECONDS));
        assertTrue(first.lastThread().getName().startsWith("reclaim-cleanup-"));
        assertTrue(first.lastThread().isDaemon());
        assertFalse("the handler after the timeout runs without the interrupt", last.lastSawInterrupt());
    }

    @Test(timeout = 20_000)
    public void aHandlerThatIgnoresItsInterruptIsLeftBehindAndLaterCleanupsRunUndisturbed() {
        CountDownLatch release = new CountDownLatch(1);
        ResourceCleanup stubborn = handler("scheduler", pid -> {
            while (true) {
                try {
                    if (release.await(60, TimeUnit.SECONDS)) {
                        return CleanupStats.NONE;
                    }
                } catch (InterruptedException ignored) {
                    // a badly written handler carries on regardless
                }
            }
        });
        PipeHandler files = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(stubborn, 900).register(files, 300)
                .handlerTimeout(Duration.ofMillis(2000))
                .build();
        try {
            List<Pipe> first = files.open(PID, 2);
            assertEquals("timed out after 2000 ms, abandoned", orchestrator.cleanupProcess(PID).outcome("scheduler").error());
            assertTrue(PipeHandler.allClosed(first));

            List<Pipe> second = files.open(Pid.of(43), 2);
            CleanupResult again = orchestrator.cleanupProcess(Pid.of(43));
            assertTrue(PipeHandler.allClosed(second));
            assertNull(again.outcome("files").error());
            assertFalse(files.lastSawInterrupt());
        } finally {
            release.countDown();
        }
    }

    @Test(timeout = 60_000)
    public void aHandlerThatHangsForEveryPidHoldsABoundedNumberOfThreadsAndShowsAsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ResourceCleanup stubborn = handler("ipc", pid -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException ignored) {
                    // hangs like a close on a dead NFS server: deaf to interrupts
                }
            }
            return CleanupStats.NONE;
        });
        PipeHandler files = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(stubborn, 600).register(files, 300)
                .handlerTimeout(Duration.ofMillis(40))
                .build();
        orchestrator.cleanupProcess(Pid.of(1)); // the first pid leaves one thread stuck in the handler
        long threadsBefore = tasks();
        try {
            for (long pid = 2; pid <= 100; pid++) {
                List<Pipe> pipes = files.open(Pid.of(pid), 1);
                CleanupResult result = orchestrator.cleanupProcess(Pid.of(pid));
                assertEquals("timed out after 40 ms, not run: an earlier cleanup is still stuck in it",
                        result.outcome("ipc").error());
                assertTrue("the next handler still runs", PipeHandler.allClosed(pipes));
            }
            long threadsAfter = tasks();

            // a thread per stuck call would be 99 more; the cached pool may start a few more when a
            // worker has not yet gone back to it as the next cleanup hands over (seen under load)
            assertTrue("threads before " + threadsBefore + ", after 99 more pids " + threadsAfter,
                    threadsAfter - threadsBefore <= 8);
            OrchestratorStatistics.HandlerStatistics ipc = orchestrator.statistics().perType().get("ipc");
            assertEquals(1, ipc.stuck());
            assertEquals(100, ipc.timeouts());
            assertEquals(0, orchestrator.statistics().perType().get("files").stuck());
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (orchestrator.statistics().perType().get("ipc").stuck() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("the stuck call returned", 0, orchestrator.statistics().perType().get("ipc").stuck());
        assertNull("once it returns the handler runs again", orchestrator.cleanupProcess(Pid.of(101)).outcome("ipc").error());
    }

    /** @return the threads of this JVM, as the kernel counts them */
    private static long tasks() throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.count();
        }
    }

    @Test(timeout = 10_000)
    public void aHandlerRemovedBeforeItsTurnIsNotRun() {
        PipeHandler files = new PipeHandler("files", journal);
        List<Registration> registrations = new ArrayList<>();
        PipeHandler tasks = new PipeHandler("tasks", journal) {
            @Override
            protected void beforeRelease(Pid pid) {
                registrations.get(0).close(); // the files bundle stops while tasks are cleaned
            }
        };
        PipeHandler memory = new PipeHandler("memory", journal);
        orchestrator = ResourceOrchestrators.builder().register(tasks, 800).register(memory, 100).build();
        registrations.add(orchestrator.register(files, 300));
        List<Pipe> memoryPipes = memory.open(PID, 1);

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals(List.of("tasks", "memory"), result.order());
        assertFalse(result.hasErrors());
        assertTrue(PipeHandler.allClosed(memoryPipes));
        assertEquals(List.of("tasks", "memory"), orchestrator.handlers().stream().map(HandlerInfo::resourceType).toList());
    }

    @Test(timeout = 10_000)
    public void aHandlerThatGoesAwayWhileRunningIsRecordedAndTheNextRuns() {
        List<Registration> registrations = new ArrayList<>();
        ResourceCleanup leaving = handler("zerocopy", pid -> {
            registrations.get(0).close();
            throw new IllegalStateException("ring manager deactivated");
        });
        PipeHandler mmap = new PipeHandler("mmap", journal);
        orchestrator = ResourceOrchestrators.builder().register(mmap, 200).build();
        registrations.add(orchestrator.register(leaving, 400));
        List<Pipe> pipes = mmap.open(PID, 2);

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals(List.of("zerocopy", "mmap"), result.order());
        assertEquals("went away during cleanup (IllegalStateException: ring manager deactivated)",
                result.outcome("zerocopy").error());
        assertTrue(PipeHandler.allClosed(pipes));
    }

    @Test(timeout = 10_000)
    public void aClosedRegistrationIsNoLongerRunAndClosingTwiceDoesNothing() {
        orchestrator = ResourceOrchestrators.builder().build();
        Registration registration = orchestrator.register(new PipeHandler("tempdir", journal), 0);
        assertEquals(1, orchestrator.handlers().size());

        registration.close();
        registration.close();

        assertTrue(orchestrator.handlers().isEmpty());
        assertTrue(orchestrator.cleanupProcess(PID).outcomes().isEmpty());
        assertTrue(journal.isEmpty());
    }

    @Test(timeout = 10_000)
    public void usageListsOnlyHeldTypesInCleanupOrder() {
        PipeHandler files = new PipeHandler("files", journal);
        PipeHandler sockets = new PipeHandler("sockets", journal);
        PipeHandler memory = new PipeHandler("memory", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(files, 300).register(sockets, 500).register(memory, 100).build();
        files.open(PID, 2);
        memory.open(PID, 1);
        sockets.open(Pid.of(7), 1);

        Map<String, ResourceUsage> usage = orchestrator.usage(PID);

        assertEquals(List.of("files", "memory"), List.copyOf(usage.keySet()));
        assertEquals(new ResourceUsage(2, 0), usage.get("files"));
        assertThrows(UnsupportedOperationException.class, () -> usage.put("x", ResourceUsage.NONE));
    }

    @Test(timeout = 10_000)
    public void aHandlerWhoseUsageThrowsIsLeftOutOfTheUsage() {
        PipeHandler files = new PipeHandler("files", journal);
        ResourceCleanup broken = new PipeHandler("ipc", journal) {
            @Override
            public ResourceUsage usage(Pid pid) {
                throw new IllegalStateException("queue table locked");
            }
        };
        orchestrator = ResourceOrchestrators.builder().register(files, 300).register(broken, 600).build();
        files.open(PID, 1);

        assertEquals(Map.of("files", new ResourceUsage(1, 0)), orchestrator.usage(PID));
    }

    @Test(timeout = 10_000)
    public void aTimeoutTooLongForNanosecondsStillRunsEveryHandler() {
        PipeHandler files = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder().register(files)
                .handlerTimeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
        List<Pipe> pipes = files.open(PID, 1);

        assertFalse(orchestrator.cleanupProcess(PID).hasErrors());
        assertTrue(PipeHandler.allClosed(pipes));
    }

    @Test(timeout = 10_000)
    public void anInterruptOfTheCallerDoesNotCutTheCleanupShortAndIsKept() {
        PipeHandler slow = new PipeHandler("tasks", journal) {
            @Override
            protected void beforeRelease(Pid pid) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("the handler must not see the caller's interrupt");
                }
            }
        };
        orchestrator = ResourceOrchestrators.builder().register(slow).build();
        List<Pipe> pipes = slow.open(PID, 1);

        Thread.currentThread().interrupt();
        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertTrue(Thread.interrupted());
        assertFalse(result.hasErrors());
        assertTrue(PipeHandler.allClosed(pipes));
    }

    @Test
    public void aClosedOrchestratorRefusesToCleanUp() {
        orchestrator = ResourceOrchestrators.builder().register(new PipeHandler("files", journal)).build();
        orchestrator.close();
        orchestrator.close();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> orchestrator.cleanupProcess(PID));
        assertEquals("the orchestrator is closed", e.getMessage());
    }

    @Test
    public void badBuilderInputIsRefusedWithAClearMessage() {
        IllegalArgumentException timeout = assertThrows(IllegalArgumentException.class,
                () -> ResourceOrchestrators.builder().handlerTimeout(Duration.ZERO));
        assertEquals("the handler timeout must be positive, got PT0S", timeout.getMessage());

        ResourceCleanup nameless = handler(" ", pid -> CleanupStats.NONE);
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> ResourceOrchestrators.builder().register(nameless).build());
        assertTrue(type.getMessage(), type.getMessage().endsWith("names no resource type"));
    }

    @Test(timeout = 10_000)
    public void aHandlerReturningNullStatsIsAnErrorNotACrash() {
        orchestrator = ResourceOrchestrators.builder().register(handler("custom", pid -> null)).build();

        HandlerOutcome outcome = orchestrator.cleanupProcess(PID).outcome("custom");

        assertNotNull(outcome);
        assertEquals("returned no stats", outcome.error());
    }

    interface Cleanup {
        CleanupStats run(Pid pid);
    }

    @Test(timeout = 10_000)
    public void handlersThatCannotBlockRunOnTheCallingThreadAndTheRestInOrderOnACleanupThread() {
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        orchestrator = ResourceOrchestrators.builder()
                .register(handler("scheduler", pid -> false, ranOn(ranOn, "scheduler")), 900)
                .register(handler("ipc", pid -> false, ranOn(ranOn, "ipc")), 600)
                .register(handler("files", pid -> true, ranOn(ranOn, "files")), 300)
                .register(handler("memory", pid -> false, ranOn(ranOn, "memory")), 100)
                .build();

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals(List.of("scheduler", "ipc", "files", "memory"), result.order());
        assertEquals(List.of("scheduler", "ipc", "files", "memory"), journal);
        assertSame(Thread.currentThread(), ranOn.get("scheduler"));
        assertSame(Thread.currentThread(), ranOn.get("ipc"));
        assertNotSame("from the first handler that may block, a cleanup thread runs the rest",
                Thread.currentThread(), ranOn.get("files"));
        assertSame(ranOn.get("files"), ranOn.get("memory"));
        assertFalse(result.hasErrors());
    }

    @Test(timeout = 10_000)
    public void whetherACleanupMayBlockIsAskedForEachPid() {
        Map<String, Thread> ranOn = new ConcurrentHashMap<>();
        orchestrator = ResourceOrchestrators.builder()
                .register(handler("os-process", pid -> pid.equals(Pid.of(2)), pid -> {
                    ranOn.put("pid " + pid, Thread.currentThread());
                    return CleanupStats.NONE;
                }))
                .build();

        orchestrator.cleanupProcess(Pid.of(1));
        orchestrator.cleanupProcess(Pid.of(2));

        assertSame(Thread.currentThread(), ranOn.get("pid 1"));
        assertNotSame(Thread.currentThread(), ranOn.get("pid 2"));
    }

    @Test(timeout = 20_000)
    public void aHandlerThatCannotTellWhetherItMayBlockRunsUnderTheTimeout() {
        ResourceCleanup confused = handler("ipc", pid -> {
            throw new IllegalStateException("no idea");
        }, pid -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // abandoned
            }
            return CleanupStats.NONE;
        });
        PipeHandler after = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(confused, 600).register(after, 300)
                .handlerTimeout(Duration.ofMillis(300))
                .build();

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertTrue(result.outcome("ipc").error(), result.outcome("ipc").error().startsWith("timed out"));
        assertEquals(List.of("files"), journal);
    }

    @Test(timeout = 10_000)
    public void aFailingHandlerOnTheCallingThreadStopsNothing() {
        PipeHandler files = new PipeHandler("files", journal);
        orchestrator = ResourceOrchestrators.builder()
                .register(handler("scheduler", pid -> false, pid -> {
                    throw new IllegalStateException("run queue corrupt");
                }), 900)
                .register(files, 300)
                .build();
        List<Pipe> pipes = files.open(PID, 2);

        CleanupResult result = orchestrator.cleanupProcess(PID);

        assertEquals("threw IllegalStateException: run queue corrupt", result.outcome("scheduler").error());
        assertTrue(PipeHandler.allClosed(pipes));
    }

    private Cleanup ranOn(Map<String, Thread> ranOn, String type) {
        return pid -> {
            ranOn.put(type, Thread.currentThread());
            journal.add(type);
            return CleanupStats.NONE;
        };
    }

    private static ResourceCleanup handler(String type, Cleanup cleanup) {
        return handler(type, pid -> true, cleanup);
    }

    private static ResourceCleanup handler(String type, Predicate<Pid> mayBlock, Cleanup cleanup) {
        return new ResourceCleanup() {
            @Override
            public boolean cleanupMayBlock(Pid pid) {
                return mayBlock.test(pid);
            }

            @Override
            public CleanupStats cleanup(Pid pid) {
                return cleanup.run(pid);
            }

            @Override
            public String resourceType() {
                return type;
            }

            @Override
            public boolean hasResources(Pid pid) {
                return false;
            }
        };
    }
}
