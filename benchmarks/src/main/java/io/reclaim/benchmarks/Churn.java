package io.reclaim.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.ipc.IpcManager;
import io.reclaim.memory.MemoryManager;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.scheduler.SchedulingPolicy;
import io.reclaim.signals.SignalHandler;
import io.reclaim.signals.SignalManager;
import io.reclaim.tasks.TaskManager;

/**
 * Processes per second through the whole life of a logical process (no OS child): spawn, acquire
 * one resource of every in-memory type (a signal handler, an IPC mailbox and one message through
 * it, a scheduler entry, a 64-byte direct allocation, a task), terminate. Every manager is wired
 * as in the platform: registered with the orchestrator at its default ranking, the signal
 * manager also as a termination listener, the task manager's one worker taking entries from the
 * scheduler.
 *
 * <p>{@code leaveMessage=true} leaves the message unread, so every cleanup dead-letters it.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class Churn {

    static final ProcessSpec SPEC = ProcessSpec.named("churn");
    static final SignalHandler IGNORE = signal -> { };
    static final Runnable NOTHING = () -> { };
    static final String MESSAGE = "hello";

    @State(Scope.Benchmark)
    public static class Platform {
        @Param({"false"})
        public boolean leaveMessage;

        EmbeddedOrchestrator orchestrator;
        CloseableProcessManager processes;
        SignalManager signals;
        IpcManager ipc;
        Scheduler scheduler;
        MemoryManager memory;
        TaskManager tasks;

        @Setup(Level.Trial)
        public void start() {
            orchestrator = ResourceOrchestrators.builder().build();
            // the managers need the gate and the process manager needs the signal manager as a
            // listener: a forwarding listener breaks the cycle, as the OSGi whiteboard does
            processes = ProcessManagers.builder()
                    .withResourceOrchestrator(orchestrator)
                    .withTerminationListener((pid, grace) -> signals.terminating(pid, grace))
                    .build();
            signals = SignalManager.create(processes);
            ipc = IpcManager.create(processes);
            scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);
            memory = MemoryManager.create(processes, MemoryManager.DEFAULT_QUOTA_BYTES);
            tasks = TaskManager.create(processes, scheduler, 1);
            orchestrator.register(scheduler, ResourceCleanup.RANKING_SCHEDULER);
            orchestrator.register(tasks, ResourceCleanup.RANKING_TASKS);
            orchestrator.register(signals, ResourceCleanup.RANKING_SIGNALS);
            orchestrator.register(ipc, ResourceCleanup.RANKING_IPC);
            orchestrator.register(memory, ResourceCleanup.RANKING_MEMORY);
        }

        @TearDown(Level.Trial)
        public void stop() {
            processes.close();
            // the scheduler offers no close() in plain Java; its ledger is empty once every pid ended
            tasks.close();
            signals.close();
            ipc.close();
            memory.close();
            orchestrator.close();
        }
    }

    @Benchmark
    @Threads(1)
    public CleanupResult churn1(Platform platform) throws IOException, InterruptedException {
        return live(platform);
    }

    @Benchmark
    @Threads(2)
    public CleanupResult churn2(Platform platform) throws IOException, InterruptedException {
        return live(platform);
    }

    static CleanupResult live(Platform p) throws IOException, InterruptedException {
        Pid pid = p.processes.spawn(SPEC).pid();
        p.signals.handle(pid, SignalManager.USR1, IGNORE);
        p.ipc.open(pid, 4);
        p.ipc.send(pid, pid, MESSAGE);
        if (!p.leaveMessage && p.ipc.receive(pid, Duration.ZERO).isEmpty()) {
            throw new IllegalStateException("the message to pid " + pid + " did not arrive");
        }
        p.scheduler.enqueue(pid, NOTHING);
        p.memory.allocate(pid, 64);
        p.tasks.submit(pid, NOTHING);
        CleanupResult result = p.processes.terminate(pid, Duration.ZERO);
        if (result.hasErrors()) {
            throw new IllegalStateException("pid " + pid + " was not cleaned up: " + result.errors());
        }
        return result;
    }
}
