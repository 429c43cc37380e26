package io.reclaim.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.rules.ExternalResource;

import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceUsage;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.memory.MemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.timers.CloseableTimerManager;
import io.reclaim.timers.TimerManager;

/**
 * The platform the commands run against in their tests, built as plain Java builds it: the real
 * orchestrator and process manager, with real timers and off-heap memory as resource types. Closed
 * after each test, so no OS child, timer thread or block of memory outlives it.
 */
final class RealPlatform extends ExternalResource {

    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(20);

    final EmbeddedOrchestrator orchestrator;
    final CloseableProcessManager processes;
    final CloseableTimerManager timers;
    final CloseableMemoryManager memory;

    RealPlatform() {
        this(ResourceOrchestrators.builder(), ProcessManagers.builder());
    }

    RealPlatform(ResourceOrchestrators.Builder orchestrator, ProcessManagers.Builder processes) {
        this.orchestrator = orchestrator.build();
        this.processes = processes.withResourceOrchestrator(this.orchestrator).build();
        this.timers = TimerManager.create(this.processes, 1);
        this.memory = MemoryManager.create(this.processes, MemoryManager.DEFAULT_QUOTA_BYTES);
        this.orchestrator.register(timers.cleanupHandler(), ResourceCleanup.RANKING_TIMERS);
        this.orchestrator.register(memory.cleanupHandler(), ResourceCleanup.RANKING_MEMORY);
    }

    @Override
    protected void after() {
        processes.close();
        timers.shutdown();
        memory.shutdown();
        orchestrator.close();
    }

    /** @return how many resources of {@code type} {@code pid} holds now */
    long held(Pid pid, String type) {
        return orchestrator.usage(pid).getOrDefault(type, ResourceUsage.NONE).count();
    }

    /** Waits, up to 20 s, for what real processes do in their own time. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            assertTrue("not within 20 s", System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    /** Each line matches its pattern: real OS pids, ages and durations differ from run to run. */
    static void assertLines(List<String> patterns, List<String> lines) {
        assertEquals(String.join("\n", lines), patterns.size(), lines.size());
        for (int i = 0; i < patterns.size(); i++) {
            assertTrue(lines.get(i) + "\n  does not match\n" + patterns.get(i), lines.get(i).matches(patterns.get(i)));
        }
    }
}
