package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.Scheduler;
import io.reclaim.tasks.Task;
import io.reclaim.tasks.TaskManager;

/** Time slices, preemption and CPU budgets of the real scheduler and task pool inside Felix. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class PreemptionIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void aCpuBoundTaskThatIgnoresInterruptionIsReportedOverItsSliceAndOtherPidsStillRun() throws Exception {
        Scheduler scheduler = configure(Duration.ofMillis(50), "LOWER_PRIORITY", "PREEMPT");
        TaskManager tasks = service(TaskManager.class);
        Pid hog = spawn("hog");
        Pid polite = spawn("polite");
        AtomicBoolean release = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        Task<Void> spinning = tasks.submit(hog, () -> {
            long sum = 0;
            // at least 60 ms of its own CPU time, however loaded the machine is
            long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            while (!release.get()
                    || ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart < 60_000_000L) {
                sum += sum * 31 + 1;
                if (Thread.currentThread().isInterrupted()) {
                    interrupted.set(true); // noticed, and ignored
                }
            }
        });
        await("the hog is preempted", () -> scheduler.preemption(hog).overruns() >= 1);

        List<Task<Integer>> others = List.of(tasks.submit(polite, () -> 1), tasks.submit(polite, () -> 2),
                tasks.submit(polite, () -> 3));
        int sum = 0;
        for (Task<Integer> other : others) {
            sum += other.future().get(WAIT_MS, TimeUnit.MILLISECONDS);
        }

        assertEquals(6, sum);
        assertTrue("the hog still runs", !spinning.future().isDone());
        assertTrue(scheduler.preemption(hog).preempted());
        // the watchdog interrupts just after it counts the overrun; the hog sees it when next on a CPU
        await("the hog noticed its interruption", interrupted::get);
        assertEquals(0, scheduler.preemption(polite).overruns());
        release.set(true);
        spinning.future().get(WAIT_MS, TimeUnit.MILLISECONDS);
        // charged as the run ends, just after the task's future completes
        await("the hog's CPU time is charged: " + scheduler.preemption(hog),
                () -> scheduler.preemption(hog).cpuTime().toMillis() >= 60);
    }

    @Test
    public void aPidOverItsCpuBudgetIsEndedWhenSoConfigured() throws Exception {
        Scheduler scheduler = configure(Duration.ofSeconds(10), "REQUEUE", "TERMINATE");
        TaskManager tasks = service(TaskManager.class);
        ProcessManager processes = service(ProcessManager.class);
        Pid greedy = processes.spawn(ProcessSpec.named("greedy").withProperty(Scheduler.CPU_BUDGET_PROPERTY, "100"))
                .pid();
        Pid modest = processes.spawn(ProcessSpec.named("modest").withProperty(Scheduler.CPU_BUDGET_PROPERTY, "60000"))
                .pid();
        tasks.submit(greedy, () -> {
            long sum = 0;
            while (!Thread.currentThread().isInterrupted()) {
                sum += sum * 31 + 1;
            }
            return sum;
        });
        tasks.submit(modest, () -> 42).future().get(WAIT_MS, TimeUnit.MILLISECONDS);

        await("the greedy pid is ended", () -> processes.state(greedy) == ProcessState.TERMINATED);

        assertEquals(ProcessState.RUNNING, processes.state(modest));
        assertEquals(0, scheduler.queued(greedy));
        assertTrue(!processes.info(greedy).orElseThrow().result().orElseThrow().hasErrors());
    }

    @Test
    public void badPreemptionSettingsAreLoggedAndTheSettingsInForceKept() throws Exception {
        Scheduler scheduler = configure(Duration.ofMillis(70), "REQUEUE", "PREEMPT");

        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("time.slice.ms", 0L);
        bad.put("preemption.policy", "KILL");
        bad.put("cpu.budget.action", "TERMINATE");
        config().update(bad);
        await("the configuration is applied", () -> scheduler.preemptionSettings().budgetAction() == BudgetAction.TERMINATE);

        assertEquals(Duration.ofMillis(70), scheduler.preemptionSettings().timeSlice());
        assertEquals(PreemptionPolicy.REQUEUE, scheduler.preemptionSettings().policy());
    }

    private Scheduler configure(Duration slice, String policy, String budgetAction) throws Exception {
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("time.slice.ms", slice.toMillis());
        settings.put("preemption.policy", policy);
        settings.put("cpu.budget.action", budgetAction);
        config().update(settings);
        Scheduler scheduler = service(Scheduler.class);
        await("the scheduler has the new settings", () -> scheduler.preemptionSettings().timeSlice().equals(slice)
                && scheduler.preemptionSettings().policy().name().equals(policy)
                && scheduler.preemptionSettings().budgetAction().name().equals(budgetAction));
        return scheduler;
    }

    private org.osgi.service.cm.Configuration config() throws Exception {
        return service(ConfigurationAdmin.class).getConfiguration("io.reclaim.scheduler", "?");
    }
}
