package io.reclaim.shell.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.readings.OsBaseline;
import io.reclaim.api.readings.OsReading;

/**
 * The run behind {@code reclaim:selftest}: processes that each acquire one sample of every
 * installed resource type, ended by every path a process can end by, then three checks: no ended
 * process still holds anything, every type's own counts show that what it acquired was released,
 * and the JVM's file descriptors, mappings, threads and direct memory are back where they were.
 *
 * <p>A short warm-up round goes first, unmeasured: the first use of a resource type or of an OS
 * child makes the JVM allocate things once and for good (classes, compiled code, malloc arenas,
 * thread stacks, the JDK's process reaper threads), which are no leak of the platform.
 */
final class SelfTest {

    /**
     * How the test runs; {@link #DEFAULTS} on a real platform.
     *
     * @param osPerPath OS-backed processes per ending path
     * @param grace the grace of a graceful terminate
     * @param sleeper the OS child that is terminated ({@code sleep 30})
     * @param selfExit the OS child that exits by itself, after the samples had time to land
     * @param warmUpExit the OS child that exits by itself in the warm-up, where samples do not matter
     * @param batch logical processes alive at the same time
     * @param warmUp logical processes of the warm-up round
     * @param settleAttempts readings after the run before the OS readings count as not back
     * @param settlePause the pause (after a GC) between two of those readings
     * @param bound the longest wait for anything: an OS child's own exit, a terminate
     */
    record Settings(int osPerPath, Duration grace, List<String> sleeper, List<String> selfExit, List<String> warmUpExit,
            int batch, int warmUp, int settleAttempts, Duration settlePause, Duration bound) {

        static final Settings DEFAULTS = new Settings(2, Duration.ofSeconds(1), List.of("sleep", "30"),
                List.of("sh", "-c", "sleep 1; exit 0"), List.of("sh", "-c", "exit 0"), 25, 12, 30,
                Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    /** The ways a process is ended; the fourth, an OS child's own exit, needs no call. */
    enum Path {
        GRACEFUL("graceful"), FORCED("forced"), DOUBLE_TERMINATE("double");

        /** Part of the names of the OS-backed processes that take this path, e.g. {@code selftest-forced-0}. */
        final String label;

        Path(String label) {
            this.label = label;
        }
    }

    private final ProcessManager processes;
    private final ResourceOrchestrator orchestrator;
    private final List<ResourceCleanup> cleanups;
    private final Settings settings;

    /**
     * @param cleanups the installed handlers, one sample of each per process; their order does not
     *     matter, the report follows the cleanup order
     */
    SelfTest(ProcessManager processes, ResourceOrchestrator orchestrator, List<ResourceCleanup> cleanups,
            Settings settings) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.cleanups = inCleanupOrder(cleanups, orchestrator.handlers());
        this.settings = settings;
    }

    /**
     * Runs the test.
     *
     * @param count logical processes of the measured round
     * @throws InterruptedException if the calling thread is interrupted; what the test spawned is
     *     terminated first
     */
    SelftestReport run(int count) throws InterruptedException {
        long start = System.nanoTime();
        // in pid order, so that a report names the first pids that hold anything
        Set<Pid> spawned = new TreeSet<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pair = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "reclaim-selftest-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SelftestRound round;
        OsBaseline baseline;
        Map<String, ResourceTotals> totalsBefore;
        Map<String, Long> othersBefore;
        try {
            new SelftestRound(processes, cleanups, settings, pair, spawned, true).run(Math.min(count, settings.warmUp()));
            quiet();
            baseline = OsBaseline.take();
            totalsBefore = orchestrator.totals();
            othersBefore = heldByOthers(orchestrator.holdings(), spawned);
            round = new SelftestRound(processes, cleanups, settings, pair, spawned, false);
            round.run(count);
        } finally {
            pair.shutdownNow();
            if (!pair.awaitTermination(settings.bound().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the self-test's own threads did not stop within " + settings.bound());
            }
            // whatever happened, nothing the test started may outlive it
            endAll(spawned);
        }

        Map<Pid, Map<String, ResourceUsage>> holdings = orchestrator.holdings();
        Map<String, ResourceTotals> totalsAfter = orchestrator.totals();
        Map<String, Long> othersAfter = heldByOthers(holdings, spawned);
        List<SelftestReport.TypeResult> types = new ArrayList<>();
        for (ResourceCleanup cleanup : cleanups) {
            String type = cleanup.resourceType();
            types.add(typeResult(type, round, spawned, holdings,
                    totalsBefore.getOrDefault(type, ResourceTotals.UNKNOWN),
                    totalsAfter.getOrDefault(type, ResourceTotals.UNKNOWN),
                    othersAfter.getOrDefault(type, 0L) - othersBefore.getOrDefault(type, 0L)));
        }
        int extraThreads = baseline.extraThreads();
        OsReading after = baseline.settle(settings.settleAttempts(), settings.settlePause());
        return new SelftestReport(count, round.osBacked, types, baseline.before(), after, extraThreads, round.problems,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * How one type did: what the test's ended processes still hold of it, and what its own counts
     * show as acquired during the measured round but neither released nor held by anyone else.
     *
     * @param othersGrew how much more of the type the processes outside the test hold than before
     */
    private static SelftestReport.TypeResult typeResult(String type, SelftestRound round, Set<Pid> spawned,
            Map<Pid, Map<String, ResourceUsage>> holdings, ResourceTotals was, ResourceTotals is, long othersGrew) {
        long held = 0;
        List<Long> heldBy = new ArrayList<>();
        for (Pid pid : spawned) {
            ResourceUsage usage = holdings.getOrDefault(pid, Map.of()).getOrDefault(type, ResourceUsage.NONE);
            if (!usage.isEmpty()) {
                held += usage.count();
                if (heldBy.size() < 5) {
                    heldBy.add(pid.value());
                }
            }
        }
        long sampled = round.sampled.getOrDefault(type, 0L);
        Long acquired = null;
        Long released = null;
        long unreleased = 0;
        if (was.isKnown() && is.isKnown()) {
            acquired = is.acquired() - was.acquired();
            // a release that failed is no release: the resource may still be open
            released = is.released() - was.released();
            unreleased = acquired - released - othersGrew;
            if (acquired < sampled) {
                round.problems.add(type + ": sample() succeeded " + sampled + " times but its acquisitions grew by "
                        + acquired);
            }
        }
        return new SelftestReport.TypeResult(type, !round.noSample.contains(type), sampled,
                round.failed.getOrDefault(type, 0L), round.failure.get(type), acquired, released, held, heldBy,
                Math.max(held, unreleased));
    }

    /** Terminates at once whatever the test spawned that has not ended, e.g. after an interruption. */
    private void endAll(Set<Pid> spawned) {
        for (Pid pid : spawned) {
            if (processes.state(pid) != ProcessState.TERMINATED) {
                try {
                    processes.terminate(pid, Duration.ZERO);
                } catch (RuntimeException | Error e) {
                    // reported by the holdings check if it left anything behind
                }
            }
        }
    }

    /** What the GC can free is freed before the reading that later ones are compared with. */
    private void quiet() throws InterruptedException {
        System.gc();
        Thread.sleep(settings.settlePause().toMillis());
    }

    private static Map<String, Long> heldByOthers(Map<Pid, Map<String, ResourceUsage>> holdings, Set<Pid> ours) {
        Map<String, Long> held = new HashMap<>();
        holdings.forEach((pid, perType) -> {
            if (!ours.contains(pid)) {
                perType.forEach((type, usage) -> held.merge(type, usage.count(), Long::sum));
            }
        });
        return held;
    }

    private static List<ResourceCleanup> inCleanupOrder(List<ResourceCleanup> cleanups, List<HandlerInfo> order) {
        Map<String, Integer> position = new HashMap<>();
        for (HandlerInfo handler : order) {
            position.putIfAbsent(handler.resourceType(), handler.position());
        }
        List<ResourceCleanup> sorted = new ArrayList<>(cleanups);
        sorted.sort((a, b) -> Integer.compare(position.getOrDefault(a.resourceType(), Integer.MAX_VALUE),
                position.getOrDefault(b.resourceType(), Integer.MAX_VALUE)));
        return List.copyOf(sorted);
    }
}
