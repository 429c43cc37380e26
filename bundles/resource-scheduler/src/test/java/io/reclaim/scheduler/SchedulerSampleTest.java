package io.reclaim.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

import io.reclaim.api.ledger.LocalProcessGate;
import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ResourceUsage;

/** The sample a self-test asks for: a real entry of the run queue that does nothing, dropped with the pid. */
public class SchedulerSampleTest {

    private final LocalProcessGate processes = new LocalProcessGate();
    private final CloseableScheduler scheduler = Scheduler.create(processes, SchedulingPolicy.ROUND_ROBIN);

    @Test
    public void sampleIsAQueuedEntryRemovedWithThePid() throws Exception {
        Pid pid = processes.spawn();

        assertTrue(scheduler.cleanupHandler().sample(pid));

        assertEquals("the entry is in the run queue", 1, scheduler.queued());
        assertEquals(new ResourceUsage(1, 0), scheduler.cleanupHandler().usage(pid));

        CleanupStats stats = scheduler.cleanupHandler().cleanup(pid);

        assertEquals(CleanupStats.freed(1, 0), stats);
        assertEquals(0, scheduler.queued());
        assertTrue("no entry is left to take", scheduler.poll().isEmpty());
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
    }

    @Test
    public void aTakenSampleRunsAndLeavesOnlyThePidsPreemptionStateToTheCleanup() throws Exception {
        Pid pid = processes.spawn();
        scheduler.cleanupHandler().sample(pid);

        RunEntry entry = scheduler.poll().orElseThrow();
        entry.work().run();

        assertEquals(pid, entry.owner());
        assertEquals(0, scheduler.queued());
        assertEquals("the pid's accounting, made by the run", new ResourceUsage(1, 0), scheduler.cleanupHandler().usage(pid));
        assertEquals(CleanupStats.freed(1, 0), scheduler.cleanupHandler().cleanup(pid));
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
    }

    @Test
    public void sampleOfAPidThatMayNotAcquireQueuesNothing() {
        Pid pid = processes.spawn();
        processes.terminating(pid);

        assertThrows(ProcessNotRunningException.class, () -> scheduler.cleanupHandler().sample(pid));

        assertEquals(0, scheduler.queued());
        assertFalse(scheduler.cleanupHandler().hasResources(pid));
    }
}
