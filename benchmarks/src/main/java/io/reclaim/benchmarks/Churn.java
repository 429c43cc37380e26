package io.reclaim.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.ipc.IpcManager;
import io.reclaim.management.internal.EventPublisher;
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
import io.reclaim.ipc.CloseableIpcManager;
import io.reclaim.memory.CloseableMemoryManager;
import io.reclaim.scheduler.CloseableScheduler;
import io.reclaim.signals.CloseableSignalManager;
import io.reclaim.tasks.CloseableTaskManager;

/**
 * Processes per second through the whole life of a logical process (no OS child): spawn, acquire
 * one resource of every in-memory type (a signal handler, an IPC mailbox and one message through
 * it, a scheduler entry, a 64-byte direct allocation, a task), terminate. Every manager is wired
 * as in the platform: registered with the orchestrator at its default ranking, the signal
 * manager also as a termination listener, the task manager's one worker taking entries from the
 * scheduler.
 *
 * <p>{@code leaveMessage=true} leaves the message unread, so every cleanup dead-letters it.
 * {@code acquire} names the types to acquire, for finding what a process's life costs: {@code all}
 * (the default), {@code none} (spawn and terminate only), or a list joined by {@code +} of
 * {@code signals, ipc, scheduler, memory, tasks}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class Churn {

    static final ProcessSpec SPEC = ProcessSpec.named("churn");
    static final SignalHandler IGNORE = signal -> { };
    static final Runnable NOTHING = () -> { };
    static final String MESSAGE = "hello";

    @State(Scope.Benchmark)
    public static class Platform {
        @Param({"false"})
        public boolean leaveMessage;

        @Param({"all"})
        public String acquire;

        /** {@code embedded} is the platform's orchestrator; {@code inline} is the {@link InlineOrchestrator} measuring device. */
        @Param({"embedded"})
        public String orchestrator;

        /**
         * {@code none}: no events; {@code eventadmin}: the Event Admin publisher of the management
         * bundle listens to every spawn and end and delivers to Felix Event Admin, where a handler
         * is subscribed to every Reclaim topic; {@code eventadmin-untimed}: the same with Event
         * Admin's handler timeout off ({@code org.apache.felix.eventadmin.Timeout=0});
         * {@code publisher}: the same publisher delivering to an Event Admin that drops every
         * event, which tells the publisher's own cost from Event Admin's. At the end of each trial
         * the benchmark prints the CPU time of each thread and, with events, how many the
         * subscriber heard and the publisher dropped.
         */
        @Param({"none"})
        public String events;

        /** The publisher's delivery share, in percent: its configuration's {@code delivery.share.percent}, 2 by default. */
        @Param({"2"})
        public int deliveryShare;

        /** The publisher's queue: its configuration's {@code queue.size}, 10,000 by default. */
        @Param({"10000"})
        public int queue;

        boolean signalsWanted;
        boolean ipcWanted;
        boolean schedulerWanted;
        boolean memoryWanted;
        boolean tasksWanted;

        ResourceOrchestrator cleanup;
        EmbeddedOrchestrator embedded;
        CloseableProcessManager processes;
        CloseableSignalManager signals;
        CloseableIpcManager ipc;
        CloseableScheduler scheduler;
        CloseableMemoryManager memory;
        CloseableTaskManager tasks;
        EventAdminFixture eventAdmin;
        EventPublisher publisher;
        ThreadCpu cpuAtStart;

        @Setup(Level.Trial)
        public void start() throws Exception {
            List<String> types = acquire.equals("all") ? List.of("signals", "ipc", "scheduler", "memory", "tasks")
                    : acquire.equals("none") ? List.of() : List.of(acquire.split("\\+"));
            signalsWanted = types.contains("signals");
            ipcWanted = types.contains("ipc");
            schedulerWanted = types.contains("scheduler");
            memoryWanted = types.contains("memory");
            tasksWanted = types.contains("tasks");
            if (orchestrator.equals("inline")) {
                cleanup = InlineOrchestrator.create();
            } else {
                embedded = ResourceOrchestrators.builder().build();
                cleanup = embedded;
            }
            // the managers need the gate and the process manager needs the signal manager as a
            // listener: a forwarding listener breaks the cycle, as the OSGi whiteboard does
            ProcessManagers.Builder builder = ProcessManagers.builder()
                    .withResourceOrchestrator(cleanup)
                    .withTerminationListener((pid, grace) -> signals.terminationListener().terminating(pid, grace));
            if (events.startsWith("eventadmin")) {
                eventAdmin = new EventAdminFixture(!events.equals("eventadmin-untimed"));
                publisher = new EventPublisher(eventAdmin.events(), cleanup, queue, deliveryShare);
                builder.withProcessListener(publisher);
            } else if (events.equals("publisher")) {
                publisher = new EventPublisher(new DroppingEventAdmin(), cleanup, queue, deliveryShare);
                builder.withProcessListener(publisher);
            }
            processes = builder.build();
            signals = SignalManager.create(processes);
            ipc = IpcManager.create(processes);
            scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);
            memory = MemoryManager.create(processes, MemoryManager.DEFAULT_QUOTA_BYTES);
            tasks = TaskManager.create(processes, scheduler, 1);
            cleanup.register(scheduler.cleanupHandler(), ResourceCleanup.RANKING_SCHEDULER);
            cleanup.register(tasks.cleanupHandler(), ResourceCleanup.RANKING_TASKS);
            cleanup.register(signals.cleanupHandler(), ResourceCleanup.RANKING_SIGNALS);
            cleanup.register(ipc.cleanupHandler(), ResourceCleanup.RANKING_IPC);
            cleanup.register(memory.cleanupHandler(), ResourceCleanup.RANKING_MEMORY);
            cpuAtStart = ThreadCpu.now();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            Pid last = processes.spawn(SPEC).pid();
            // where the CPU went, per process: the pids are numbered in order from 1
            System.err.printf("%nCPU ms by thread for %d processes: %s%n", last.value(), ThreadCpu.now().since(cpuAtStart));
            processes.close();
            if (publisher != null && eventAdmin == null) {
                publisher.close();
            } else if (publisher != null) {
                publisher.close();
                // the subscriber must really have heard the churn, or the comparison says nothing
                System.err.printf("%nevents heard %d, dropped by the publisher %d%n", eventAdmin.heard(), publisher.dropped());
                eventAdmin.close();
                if (eventAdmin.heard() == 0) {
                    throw new IllegalStateException("the subscriber heard no event");
                }
            }
            tasks.shutdown();
            scheduler.shutdown();
            signals.shutdown();
            ipc.shutdown();
            memory.shutdown();
            if (embedded != null) {
                embedded.close();
            }
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
        if (p.signalsWanted) {
            p.signals.handle(pid, SignalManager.USR1, IGNORE);
        }
        if (p.ipcWanted) {
            p.ipc.open(pid, 4);
            p.ipc.send(pid, pid, MESSAGE);
            if (!p.leaveMessage && p.ipc.receive(pid, Duration.ZERO).isEmpty()) {
                throw new IllegalStateException("the message to pid " + pid + " did not arrive");
            }
        }
        if (p.schedulerWanted) {
            p.scheduler.enqueue(pid, NOTHING);
        }
        if (p.memoryWanted) {
            p.memory.allocate(pid, 64);
        }
        if (p.tasksWanted) {
            p.tasks.submit(pid, NOTHING);
        }
        CleanupResult result = p.processes.terminate(pid, Duration.ZERO);
        if (result.hasErrors()) {
            throw new IllegalStateException("pid " + pid + " was not cleaned up: " + result.errors());
        }
        return result;
    }
}
