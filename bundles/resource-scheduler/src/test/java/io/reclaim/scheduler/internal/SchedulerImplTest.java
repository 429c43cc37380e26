package io.reclaim.scheduler.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.Pid;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.scheduler.RunEntry;
import io.reclaim.scheduler.BudgetAction;
import io.reclaim.scheduler.PreemptionPolicy;
import io.reclaim.scheduler.SchedulingPolicy;

/** What the component does on activation, reconfiguration and deactivation. */
public class SchedulerImplTest {

    private static final Runnable NOTHING = () -> { };

    private final LocalProcessGate processes = new LocalProcessGate();

    @Test
    public void aNewPolicyFromConfigurationReordersTheQueueAndKeepsEveryEntry() {
        SchedulerImpl scheduler = new SchedulerImpl(null, processes, config(SchedulingPolicy.ROUND_ROBIN), Map.of());
        Pid low = processes.spawn();
        Pid high = processes.spawn();
        scheduler.setPriority(high, 1);
        List<Lease<RunEntry>> leases = new ArrayList<>();
        for (Pid pid : List.of(low, low, high, high)) {
            leases.add(scheduler.enqueue(pid, NOTHING));
        }

        scheduler.modified(config(SchedulingPolicy.PRIORITY), Map.of());

        assertEquals(SchedulingPolicy.PRIORITY, scheduler.policy());
        assertTrue(leases.stream().allMatch(Lease::isHeld));
        assertEquals(List.of(high, high, low, low), drainOwners(scheduler));
    }

    @Test
    public void aPolicyConfigurationCannotReadKeepsTheCurrentPolicy() {
        SchedulerImpl scheduler = new SchedulerImpl(null, processes, config(SchedulingPolicy.PRIORITY), Map.of());

        scheduler.modified(config(null), Map.of());

        assertEquals(SchedulingPolicy.PRIORITY, scheduler.policy());
    }

    @Test
    public void deactivationDropsEveryEntryAndWakesWaitingTakers() throws Exception {
        SchedulerImpl scheduler = new SchedulerImpl(null, processes, config(SchedulingPolicy.ROUND_ROBIN), Map.of());
        Pid a = processes.spawn();
        Pid b = processes.spawn();
        Lease<RunEntry> ofA = scheduler.enqueue(a, NOTHING);
        Lease<RunEntry> ofB = scheduler.enqueue(b, NOTHING);
        scheduler.poll();
        scheduler.poll();
        AtomicReference<Throwable> woken = new AtomicReference<>();
        Thread taker = new Thread(() -> {
            try {
                scheduler.take(Duration.ofSeconds(60));
            } catch (Throwable e) {
                woken.set(e);
            }
        });
        taker.start();
        // the taker must be waiting on the empty queue before the scheduler stops
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (taker.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }

        scheduler.deactivate();
        taker.join(TimeUnit.SECONDS.toMillis(60));

        assertFalse(taker.isAlive());
        assertTrue(String.valueOf(woken.get()), woken.get() instanceof IllegalStateException);
        assertEquals("scheduler is stopped", woken.get().getMessage());
        assertFalse(ofA.isHeld() || ofB.isHeld());

        SchedulerImpl busy = new SchedulerImpl(null, processes, config(SchedulingPolicy.ROUND_ROBIN), Map.of());
        Lease<RunEntry> queued = busy.enqueue(a, NOTHING);
        Lease<RunEntry> stillQueued = busy.enqueue(b, NOTHING);
        busy.deactivate();
        assertFalse(queued.isHeld() || stillQueued.isHeld());
        assertEquals(0, busy.queued());
        assertEquals(0, scheduler.queued());
        assertEquals("scheduler is stopped: no resources can be acquired for pid " + a,
                assertThrows(IllegalStateException.class, () -> scheduler.enqueue(a, NOTHING)).getMessage());
        assertThrows(IllegalStateException.class, scheduler::poll);
    }

    private static List<Pid> drainOwners(SchedulerImpl scheduler) {
        List<Pid> owners = new ArrayList<>();
        for (Optional<RunEntry> next; (next = scheduler.poll()).isPresent();) {
            owners.add(next.get().owner());
        }
        return owners;
    }

    /** The configuration as SCR hands it over; a null policy stands for text SCR cannot convert. */
    private static SchedulerConfiguration config(SchedulingPolicy policy) {
        return config(policy, 100, PreemptionPolicy.LOWER_PRIORITY, BudgetAction.PREEMPT);
    }

    /** As SCR hands it over; a null enum stands for text SCR cannot convert. */
    static SchedulerConfiguration config(SchedulingPolicy policy, long sliceMillis, PreemptionPolicy preemption,
            BudgetAction budgetAction) {
        return new SchedulerConfiguration() {
            @Override
            public long time_slice_ms() {
                return sliceMillis;
            }

            @Override
            public PreemptionPolicy preemption_policy() {
                if (preemption == null) {
                    throw new IllegalArgumentException("No enum constant PreemptionPolicy.KILL");
                }
                return preemption;
            }

            @Override
            public BudgetAction cpu_budget_action() {
                if (budgetAction == null) {
                    throw new IllegalArgumentException("No enum constant BudgetAction.IGNORE");
                }
                return budgetAction;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return SchedulerConfiguration.class;
            }

            @Override
            public SchedulingPolicy policy() {
                if (policy == null) {
                    throw new IllegalArgumentException("No enum constant SchedulingPolicy.FIFO");
                }
                return policy;
            }

            @Override
            public int service_ranking() {
                return ResourceCleanup.RANKING_SCHEDULER;
            }
        };
    }
}
