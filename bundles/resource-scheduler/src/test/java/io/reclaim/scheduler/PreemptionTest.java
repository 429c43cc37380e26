package io.reclaim.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.After;
import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.orchestrator.EmbeddedOrchestrator;
import io.reclaim.orchestrator.ResourceOrchestrators;
import io.reclaim.process.CloseableProcessManager;
import io.reclaim.process.ProcessManagers;

/** Time slices, preemption, CPU accounting and budgets of run-queue entries. */
public class PreemptionTest {

    private static final PreemptionSettings SHORT_SLICE =
            new PreemptionSettings(Duration.ofMillis(20), PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT);

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN, SHORT_SLICE, null);
    private Takers takers;

    @After
    public void stop() throws InterruptedException {
        if (takers != null) {
            takers.close();
        }
    }

    @Test
    public void aCpuBoundEntryThatIgnoresInterruptionIsReportedOverItsSliceAndOtherPidsStillRun() throws Exception {
        takers = new Takers(scheduler, 2);
        Pid hog = processes.spawn();
        Pid polite = processes.spawn();
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean hogInterrupted = new AtomicBoolean();
        CountDownLatch hogEnded = new CountDownLatch(1);
        scheduler.enqueue(hog, () -> {
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpuEnd = threads.getCurrentThreadCpuTime() + 20_000_000L; // 20 ms of CPU however loaded the machine is
            while (!release.get() || threads.getCurrentThreadCpuTime() < cpuEnd) {
                hogInterrupted.compareAndSet(false, Takers.spin(Duration.ofMillis(1)));
            }
            hogEnded.countDown();
        });
        Takers.await("the hog is preempted", () -> scheduler.preemption(hog).preempted());
        // the other taker is held until every entry below is queued, so their order is the scheduler's alone
        Pid third = processes.spawn();
        AtomicBoolean go = new AtomicBoolean();
        CountDownLatch held = new CountDownLatch(1);
        scheduler.enqueue(third, () -> {
            held.countDown();
            while (!go.get()) {
                LockSupport.parkNanos(1_000_000);
            }
        });
        assertTrue(held.await(30, TimeUnit.SECONDS));

        List<Pid> order = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(8);
        for (int i = 0; i < 4; i++) {
            scheduler.enqueue(hog, () -> {
                order.add(hog);
                all.countDown();
            });
            scheduler.enqueue(polite, () -> {
                order.add(polite);
                all.countDown();
            });
        }
        go.set(true);
        assertTrue("the other taker is held up", all.await(30, TimeUnit.SECONDS));

        assertEquals("the hog's own entries are still being run", 1, hogEnded.getCount());
        assertEquals("the preempted pid went behind the other", List.of(polite, polite, polite, polite, hog, hog, hog,
                hog), order);
        PreemptionInfo info = scheduler.preemption(hog);
        assertTrue(info.overruns() >= 1);
        Takers.await("the hog notices the watchdog's interrupt", hogInterrupted::get);
        assertEquals(0, scheduler.preemption(polite).overruns());
        release.set(true);
        assertTrue(hogEnded.await(30, TimeUnit.SECONDS));
        Takers.await("the hog's CPU time is charged", () -> scheduler.preemption(hog).cpuTime().toMillis() >= 20);
    }

    @Test
    public void cpuTimeOfEveryRunIsChargedToItsPid() throws Exception {
        // a slice no run here reaches, however loaded the machine is
        CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN,
                new PreemptionSettings(Duration.ofMinutes(1), PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT), null);
        takers = new Takers(scheduler, 1);
        Pid busy = processes.spawn();
        Pid idle = processes.spawn();
        CountDownLatch done = new CountDownLatch(2);
        scheduler.enqueue(busy, () -> {
            Takers.burnCpu(Duration.ofMillis(10));
            done.countDown();
        });
        scheduler.enqueue(idle, done::countDown);
        assertTrue(done.await(30, TimeUnit.SECONDS));

        Takers.await("the runs are charged", () -> scheduler.preemption(busy).cpuTime().toMillis() >= 10);
        assertTrue(scheduler.preemption(idle).cpuTime().compareTo(scheduler.preemption(busy).cpuTime()) < 0);
        assertFalse(scheduler.preemption(busy).preempted());
    }

    @Test
    public void thePreemptionStateIsATrackedResourceReleasedByTheCleanup() throws Exception {
        Pid pid = processes.spawn();
        Lease<RunEntry> entry = scheduler.enqueue(pid, () -> Takers.spin(Duration.ofMillis(2)));
        scheduler.poll().orElseThrow().work().run();
        assertTrue(scheduler.cleanupHandler().hasResources(pid));
        assertTrue(scheduler.cleanupHandler().owners().contains(pid));

        processes.terminating(pid);
        CleanupStats stats = scheduler.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
        assertEquals(PreemptionInfo.NONE, scheduler.preemption(pid));
        ((io.reclaim.api.CpuAccounting) scheduler).charge(entry, 1_000_000);
        assertFalse("charged after the cleanup", scheduler.cleanupHandler().hasResources(pid));
    }

    @Test
    public void aSliceOfZeroIsRefused() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new PreemptionSettings(Duration.ZERO, PreemptionPolicy.REQUEUE, BudgetAction.PREEMPT));
        assertThrows(IllegalArgumentException.class,
                () -> new PreemptionSettings(Duration.ofMillis(-1), PreemptionPolicy.REQUEUE, BudgetAction.PREEMPT));
        assertEquals("a time slice must be positive, got PT0S", zero.getMessage());
    }

    @Test
    public void aPidOverItsCpuBudgetIsPreemptedAndInterruptedWhenSoConfigured() throws Exception {
        try (EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
                CloseableProcessManager manager = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build()) {
            CloseableScheduler budgeted = Scheduler.create(manager, SchedulingPolicy.ROUND_ROBIN,
                    new PreemptionSettings(Duration.ofMinutes(1), PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT),
                    manager);
            try (Takers workers = new Takers(budgeted, 1)) {
                Pid greedy = manager.spawn(ProcessSpec.named("greedy").withProperty(Scheduler.CPU_BUDGET_PROPERTY, "20"))
                        .pid();
                AtomicBoolean interrupted = new AtomicBoolean();
                CountDownLatch stopped = new CountDownLatch(1);
                budgeted.enqueue(greedy, () -> {
                    // burns CPU until told to stop: the budget, not the slice, must stop it
                    while (!Thread.currentThread().isInterrupted()) {
                        Takers.spin(Duration.ofMillis(1));
                    }
                    interrupted.set(true);
                    stopped.countDown();
                });

                assertTrue("the entry over budget was not interrupted", stopped.await(30, TimeUnit.SECONDS));
                // the entry's CPU time is charged as it returns, a moment after the latch above
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                PreemptionInfo info = budgeted.preemption(greedy);
                while (!info.overBudget() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                    info = budgeted.preemption(greedy);
                }
                assertTrue(info.toString(), info.overBudget());
                assertTrue(info.preempted());
                assertEquals(0, info.overruns());
                assertEquals("preempted, not ended", ProcessState.RUNNING, manager.state(greedy));
            }
        }
    }

    @Test
    public void aPidOverItsCpuBudgetIsTerminatedWhenSoConfigured() throws Exception {
        try (EmbeddedOrchestrator orchestrator = ResourceOrchestrators.builder().build();
                CloseableProcessManager manager = ProcessManagers.builder().withResourceOrchestrator(orchestrator).build()) {
            CloseableScheduler budgeted = Scheduler.create(manager, SchedulingPolicy.ROUND_ROBIN,
                    new PreemptionSettings(Duration.ofSeconds(10), PreemptionPolicy.REQUEUE, BudgetAction.TERMINATE),
                    manager);
            orchestrator.register(budgeted.cleanupHandler(), io.reclaim.api.ResourceCleanup.RANKING_SCHEDULER);
            try (Takers workers = new Takers(budgeted, 1)) {
                Pid greedy = manager.spawn(ProcessSpec.named("greedy").withProperty(Scheduler.CPU_BUDGET_PROPERTY, "30"))
                        .pid();
                Pid modest = manager.spawn(ProcessSpec.named("modest")
                        .withProperty(Scheduler.CPU_BUDGET_PROPERTY, "60000")).pid();
                for (int i = 0; i < 50; i++) {
                    budgeted.enqueue(greedy, () -> Takers.spin(Duration.ofMillis(5)));
                }
                budgeted.enqueue(modest, () -> Takers.spin(Duration.ofMillis(5)));

                Takers.await("the greedy pid is ended", () -> manager.state(greedy) == ProcessState.TERMINATED);
                assertEquals(ProcessState.RUNNING, manager.state(modest));
                assertFalse(budgeted.cleanupHandler().hasResources(greedy));
                assertEquals(PreemptionInfo.NONE, budgeted.preemption(greedy));
            }
        }
    }
}
