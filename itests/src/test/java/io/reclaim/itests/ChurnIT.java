package io.reclaim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;

/**
 * 1,000 processes, each holding one resource of every installed type, ended by every path: the
 * JVM's open fds, mappings, threads and direct memory are back where they were, and no ended pid
 * holds anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ChurnIT extends ReclaimTestSupport {

    private static final int PROCESSES = 1000;
    private static final int BATCH = 25;

    @Configuration
    public Option[] configuration() {
        return everything();
    }

    /** The OS-level reading the test compares. */
    private record Reading(long fds, List<String> mappings, List<String> threads, long direct) {
        static Reading now() {
            return new Reading(openFds(), resourceMappings(), threadNames(), directMemoryUsed());
        }

        @Override
        public String toString() {
            return "fds=" + fds + " mappings=" + mappings.size() + " threads=" + threads.size() + " direct=" + direct;
        }
    }

    /**
     * Live threads by name (numbers of pooled threads dropped), sorted, less two idle pools that
     * grow with how many cleanups ran at once and shrink after 60 s idle: the JDK's own
     * "process reaper" threads (one per OS child being waited for) and the orchestrator's
     * cleanup workers, which {@link #cleanupWorkers()} checks against their bound instead.
     */
    private static List<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().map(t -> t.getName().replaceAll("\\d+", "N"))
                .filter(name -> !name.equals("process reaper") && !name.startsWith(CLEANUP_WORKER))
                .sorted().collect(java.util.stream.Collectors.toList());
    }

    private static final String CLEANUP_WORKER = "reclaim-cleanup-";

    /**
     * The cleanups this test can run at once: two ending threads, two second terminates, and the
     * process manager's two reaper threads cleaning up OS children that exited.
     */
    private static final int CONCURRENT_CLEANUPS = 6;

    private static long cleanupWorkers() {
        return threadsNamed(CLEANUP_WORKER);
    }

    private List<ResourceCleanup> handlers() throws Exception {
        List<ResourceCleanup> handlers = new ArrayList<>();
        for (ServiceReference<ResourceCleanup> reference : context.getServiceReferences(ResourceCleanup.class, null)) {
            handlers.add(context.getService(reference));
        }
        return handlers;
    }

    /** One resource of every type that can make one; @return how many were acquired. */
    private static int sampleAll(List<ResourceCleanup> handlers, Pid pid) throws Exception {
        int acquired = 0;
        for (ResourceCleanup handler : handlers) {
            if (handler.sample(pid)) {
                acquired++;
            }
        }
        return acquired;
    }

    @Test
    public void churnLeavesNothingBehind() throws Exception {
        ProcessManager processes = service(ProcessManager.class);
        ResourceOrchestrator orchestrator = service(ResourceOrchestrator.class);
        await("every handler is up", () -> orchestrator.handlers().size() == DOCUMENTED_ORDER.size());
        List<ResourceCleanup> handlers = handlers();
        // the second terminate of a double terminate runs on a pool of its own, so that the two
        // pools can never wait on each other; both are started before any reading
        ThreadPoolExecutor pool = fixedPool();
        ThreadPoolExecutor seconds = fixedPool();
        Path gates = Files.createTempDirectory("reclaim-churn");
        try {
            // one round first, so that what the JVM and the platform allocate once (cleanup
            // workers, the process reaper, JNA's native library) is there before the reading
            churn(processes, handlers, pool, seconds, gates, 0, 2 * BATCH);
            Reading before = settle(null);

            List<Pid> ended = churn(processes, handlers, pool, seconds, gates, 1, PROCESSES);

            Reading after = settle(before);
            assertEquals("open fds " + openFdTargets(), before.fds(), after.fds());
            assertEquals("file- and io_uring-backed mappings", before.mappings(), after.mappings());
            assertEquals("threads", before.threads(), after.threads());
            assertEquals("direct memory", before.direct(), after.direct());
            assertTrue("cleanup workers " + cleanupWorkers(), cleanupWorkers() <= CONCURRENT_CLEANUPS);
            Map<Pid, Map<String, ResourceUsage>> holdings = orchestrator.holdings();
            for (Pid pid : ended) {
                assertEquals(ProcessState.TERMINATED, processes.state(pid));
                assertTrue(pid + " still holds " + holdings.get(pid), !holdings.containsKey(pid));
            }
            System.out.printf("churn: %d processes, %d types, before %s, after %s, cleanup workers %d%n",
                    ended.size(), DOCUMENTED_ORDER.size(), before, after, cleanupWorkers());
        } finally {
            pool.shutdownNow();
            seconds.shutdownNow();
        }
    }

    private static ThreadPoolExecutor fixedPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>());
        pool.prestartAllCoreThreads();
        return pool;
    }

    /**
     * Spawns {@code count} processes in batches; a quarter end by each path: graceful terminate,
     * forced terminate, their OS child exiting by itself, and two concurrent terminates.
     */
    private List<Pid> churn(ProcessManager processes, List<ResourceCleanup> handlers, ExecutorService pool,
            ExecutorService seconds, Path gates, int round, int count) throws Exception {
        List<Pid> ended = new ArrayList<>();
        for (int first = 0; first < count; first += BATCH) {
            Path gate = gates.resolve(round + "-" + first);
            List<Pid> batch = new ArrayList<>();
            List<Pid> selfExiting = new ArrayList<>();
            for (int i = first; i < first + BATCH; i++) {
                ProcessSpec spec = ProcessSpec.named("churn-" + i);
                if (i % 4 == 2) {
                    spec = spec.withCommand("sh", "-c", "while [ ! -e '" + gate + "' ]; do sleep 0.05; done");
                }
                Pid pid = processes.spawn(spec).pid();
                assertEquals(DOCUMENTED_ORDER.size() - 1, sampleAll(handlers, pid)); // all but os-process sample
                (i % 4 == 2 ? selfExiting : batch).add(pid);
            }
            Files.createFile(gate);
            List<Future<?>> endings = new ArrayList<>();
            for (int k = 0; k < batch.size(); k++) {
                Pid pid = batch.get(k);
                switch (k % 3) {
                    case 0 -> endings.add(pool.submit(() -> processes.terminate(pid, Duration.ofSeconds(5))));
                    case 1 -> endings.add(pool.submit(() -> processes.terminate(pid, Duration.ZERO)));
                    default -> endings.add(pool.submit(() -> {
                        Future<CleanupResult> other = seconds.submit(() -> processes.terminate(pid, Duration.ofSeconds(1)));
                        CleanupResult mine = processes.terminate(pid, Duration.ofSeconds(1));
                        assertSame("a double terminate returns the one result", mine, other.get(WAIT_MS, TimeUnit.MILLISECONDS));
                        return mine;
                    }));
                }
            }
            for (Future<?> ending : endings) {
                ending.get(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            for (Pid pid : selfExiting) {
                await(pid + " exited by itself and was cleaned",
                        () -> processes.info(pid).map(ProcessInfo::state).orElse(null) == ProcessState.TERMINATED);
            }
            ended.addAll(batch);
            ended.addAll(selfExiting);
        }
        return ended;
    }

    /**
     * Waits until the reading stops changing (and, given a target, equals it): threads that ended
     * take a moment to leave, and direct memory of released buffers is accounted at once.
     */
    private static Reading settle(Reading target) throws InterruptedException {
        Reading last = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            System.gc();
            Thread.sleep(100);
            Reading now = Reading.now();
            if (target != null ? now.equals(target) : now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
