package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.CpuAccounting;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.timers.Timer;
import io.reclaim.timers.TimerManager;

/** The timers bundle inside Felix: a shared pool of firing threads, cancelled in the ranked cleanup. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class TimersIT extends ReclaimTestSupport {

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    @Test
    public void timersAreAHandlerAt850BetweenTheSchedulerAndTheTasks() throws Exception {
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("every handler is known", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size());

        HandlerInfo timers = orchestrator.handlers().stream()
                .filter(handler -> handler.resourceType().equals(TimerManager.TYPE)).findFirst().orElseThrow();

        assertEquals(ResourceCleanup.RANKING_TIMERS, timers.ranking());
        assertEquals(3, timers.position()); // os-process, scheduler, timers
    }

    @Test
    public void aPidWithAThousandPeriodicTimersIsTerminatedAndNoTimerFiresAfterwards() throws Exception {
        TimerManager timers = service(TimerManager.class);
        await("the firing threads are up", () -> threadsNamed(TimerManager.THREAD_NAME_PREFIX) == timers.threads());
        long threadsBefore = osThreads();
        Pid pid = spawn("ticker");
        AtomicLong firings = new AtomicLong();
        for (int i = 0; i < 1000; i++) {
            timers.scheduleAtFixedRate(pid, Duration.ZERO, Duration.ofMillis(1 + i % 5), () -> {
                firings.incrementAndGet();
            });
        }
        await("the timers fire", () -> firings.get() > 5000);
        long threadsWhileFiring = osThreads();
        assertEquals(1000, handler(TimerManager.TYPE).usage(pid).count());

        CleanupResult result = service(ProcessManager.class).terminate(pid, Duration.ZERO);
        long atEnd = firings.get();
        Thread.sleep(300);

        assertEquals(1000, result.outcome(TimerManager.TYPE).stats().resourcesFreed());
        assertEquals("a timer fired after its pid ended", atEnd, firings.get());
        assertFalse(handler(TimerManager.TYPE).hasResources(pid));
        assertTrue("a thousand timers took threads: " + threadsWhileFiring + " vs " + threadsBefore,
                threadsWhileFiring <= threadsBefore + 2);
        assertTrue(osThreads() <= threadsBefore + 2);
        assertEquals(timers.threads(), threadsNamed(TimerManager.THREAD_NAME_PREFIX));
    }

    @Test
    public void firingsAreChargedToThePidsCpuTime() throws Exception {
        TimerManager timers = service(TimerManager.class);
        CpuAccounting cpu = service(CpuAccounting.class);
        Pid pid = spawn("busy-timer");
        CountDownLatch fired = new CountDownLatch(1);
        timers.schedule(pid, Duration.ZERO, () -> {
            // 40 ms of this thread's own CPU time, however loaded the machine is
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long end = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(40);
            long sum = 0;
            while (threads.getCurrentThreadCpuTime() < end) {
                sum += sum * 31 + 1;
            }
            fired.countDown();
        });
        assertTrue(fired.await(WAIT_MS, TimeUnit.MILLISECONDS));

        await("the firing is charged", () -> cpu.cpuTime(pid).toMillis() >= 40);
    }

    @Test
    public void stoppingTheBundleCancelsEveryTimerAndEndsItsThreads() throws Exception {
        TimerManager timers = service(TimerManager.class);
        Pid pid = spawn("holder");
        AtomicLong firings = new AtomicLong();
        Timer timer = timers.scheduleWithFixedDelay(pid, Duration.ZERO, Duration.ofMillis(1), firings::incrementAndGet);
        await("it fires", () -> firings.get() > 10);

        bundle("io.reclaim.resource-timers").stop();
        long atStop = firings.get();
        Thread.sleep(100);

        assertEquals(atStop, firings.get());
        assertFalse(timer.isActive());
        await("the firing threads are gone", () -> threadsNamed(TimerManager.THREAD_NAME_PREFIX) == 0);
    }
}
