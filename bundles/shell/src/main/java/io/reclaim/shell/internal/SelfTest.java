package io.reclaim.shell.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ProcessNotRunningException;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ProcessState;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;

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

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
        Set<Pid> spawned = new HashSet<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pair = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "reclaim-selftest-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Round round;
        OsReading before;
        int threadsBefore;
        Map<String, ResourceTotals> totalsBefore;
        Map<String, Long> othersBefore;
        try {
            new Round(pair, spawned, true).run(Math.min(count, settings.warmUp()));
            quiet();
            // the peak since here tells how many threads the run added, each with what a thread may keep
            THREADS.resetPeakThreadCount();
            threadsBefore = THREADS.getThreadCount();
            before = OsReading.now();
            totalsBefore = orchestrator.totals();
            othersBefore = heldByOthers(orchestrator.holdings(), spawned);
            round = new Round(pair, spawned, false);
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
            heldBy.sort(null);
            ResourceTotals was = totalsBefore.getOrDefault(type, ResourceTotals.UNKNOWN);
            ResourceTotals is = totalsAfter.getOrDefault(type, ResourceTotals.UNKNOWN);
            Long acquired = null;
            Long released = null;
            long unreleased = 0;
            if (was.isKnown() && is.isKnown()) {
                acquired = is.acquired() - was.acquired();
                released = is.released() - was.released();
                // others may acquire and release meanwhile: what they hold now, and did not before, is not ours
                long othersGrew = othersAfter.getOrDefault(type, 0L) - othersBefore.getOrDefault(type, 0L);
                unreleased = acquired - released - othersGrew;
                long sampled = round.sampled.getOrDefault(type, 0L);
                if (acquired < sampled) {
                    round.problems.add(type + ": sample() succeeded " + sampled + " times but its acquisitions grew by "
                            + acquired);
                }
            }
            types.add(new SelftestReport.TypeResult(type, !round.noSample.contains(type),
                    round.sampled.getOrDefault(type, 0L), round.failed.getOrDefault(type, 0L),
                    round.failure.get(type), acquired, released, held, heldBy, Math.max(held, unreleased)));
        }
        int extraThreads = Math.max(0, THREADS.getPeakThreadCount() - threadsBefore);
        OsReading after = settle(before, extraThreads);
        return new SelftestReport(count, round.osBacked, types, before, after, extraThreads, round.problems,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** One round: spawn, sample, end by every path. */
    private final class Round {

        final Map<String, Long> sampled = new HashMap<>();
        final Map<String, Long> failed = new HashMap<>();
        final Map<String, String> failure = new HashMap<>();
        final Set<String> noSample = new HashSet<>();
        final List<String> problems = new ArrayList<>();
        int osBacked;
        private final ExecutorService pair;
        private final Set<Pid> spawned;
        private final boolean warmUp;

        Round(ExecutorService pair, Set<Pid> spawned, boolean warmUp) {
            this.pair = pair;
            this.spawned = spawned;
            this.warmUp = warmUp;
        }

        void run(int logical) throws InterruptedException {
            String prefix = warmUp ? "selftest-warmup-" : "selftest-";
            // the OS children that exit by themselves go first: their exit overlaps the rest of the round
            List<Pid> exiting = new ArrayList<>();
            Map<Pid, Path> os = new LinkedHashMap<>();
            try {
                for (int i = 0; i < settings.osPerPath(); i++) {
                    exiting.add(spawnAndSample(prefix + "exit-" + i,
                            warmUp ? settings.warmUpExit() : settings.selfExit(), true));
                }
                for (Path path : Path.values()) {
                    for (int i = 0; i < settings.osPerPath(); i++) {
                        os.put(spawnAndSample(prefix + path.label + "-" + i, settings.sleeper(), false), path);
                    }
                }
            } catch (IOException e) {
                problems.add("processes backed by OS children skipped: " + e.getMessage());
            }
            osBacked = exiting.size() + os.size();
            for (Map.Entry<Pid, Path> child : os.entrySet()) {
                end(child.getKey(), child.getValue());
            }

            Path[] paths = Path.values();
            int number = 0;
            while (number < logical) {
                List<Pid> batch = new ArrayList<>();
                for (int i = 0; i < settings.batch() && number < logical; i++, number++) {
                    try {
                        batch.add(spawnAndSample(prefix + number, List.of(), false));
                    } catch (IOException e) {
                        throw new IllegalStateException("a logical process could not be spawned: " + e.getMessage(), e);
                    }
                }
                for (int i = 0; i < batch.size(); i++) {
                    end(batch.get(i), paths[i % paths.length]);
                }
            }
            awaitOwnExit(exiting);
        }

        /** @param exitsByItself whether the OS child may exit, and close the gate, while the samples are taken */
        private Pid spawnAndSample(String name, List<String> command, boolean exitsByItself) throws IOException {
            ProcessSpec spec = ProcessSpec.named(name);
            Pid pid = processes.spawn(command.isEmpty() ? spec : spec.withCommand(command)).pid();
            spawned.add(pid);
            for (ResourceCleanup cleanup : cleanups) {
                sample(cleanup, pid, exitsByItself);
            }
            return pid;
        }

        private void sample(ResourceCleanup cleanup, Pid pid, boolean mayHaveExited) {
            String type = cleanup.resourceType();
            if (noSample.contains(type)) {
                return;
            }
            try {
                if (cleanup.sample(pid)) {
                    sampled.merge(type, 1L, Long::sum);
                } else {
                    noSample.add(type);
                }
            } catch (ProcessNotRunningException e) {
                if (!mayHaveExited) {
                    fail(type, e);
                }
                // an OS child that exits by itself may do so before every sample landed: the gate refused the rest
            } catch (Exception e) {
                fail(type, e);
            }
        }

        private void fail(String type, Exception e) {
            failed.merge(type, 1L, Long::sum);
            failure.putIfAbsent(type, e.getMessage() == null ? e.toString() : e.getMessage());
        }

        private void end(Pid pid, Path path) throws InterruptedException {
            try {
                switch (path) {
                    case GRACEFUL -> processes.terminate(pid, settings.grace());
                    case FORCED -> processes.terminate(pid, Duration.ZERO);
                    case DOUBLE_TERMINATE -> terminateTwiceAtOnce(pid);
                }
            } catch (RuntimeException e) {
                problems.add("pid " + pid + ": " + path + " terminate failed: " + e.getMessage());
            }
        }

        /** Two threads terminate the same pid at the same moment; both must get the one result. */
        private void terminateTwiceAtOnce(Pid pid) throws InterruptedException {
            CyclicBarrier together = new CyclicBarrier(2);
            long bound = settings.bound().toMillis();
            Future<CleanupResult> graceful = pair.submit(() -> {
                together.await(bound, TimeUnit.MILLISECONDS);
                return processes.terminate(pid, settings.grace());
            });
            Future<CleanupResult> forced = pair.submit(() -> {
                together.await(bound, TimeUnit.MILLISECONDS);
                return processes.terminate(pid, Duration.ZERO);
            });
            try {
                CleanupResult first = graceful.get(bound, TimeUnit.MILLISECONDS);
                CleanupResult second = forced.get(bound, TimeUnit.MILLISECONDS);
                if (!Objects.equals(first, second)) {
                    problems.add("pid " + pid + ": two terminates at once returned different results");
                }
            } catch (ExecutionException e) {
                problems.add("pid " + pid + ": a terminate at the same time as another failed: " + e.getCause());
            } catch (TimeoutException e) {
                problems.add("pid " + pid + ": two terminates at once did not finish within " + settings.bound());
            }
        }

        private void awaitOwnExit(List<Pid> exiting) throws InterruptedException {
            long deadline = System.nanoTime() + settings.bound().toNanos();
            for (Pid pid : exiting) {
                while (processes.state(pid) != ProcessState.TERMINATED && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                if (processes.state(pid) != ProcessState.TERMINATED) {
                    problems.add("pid " + pid + ": its OS child did not exit by itself within " + settings.bound());
                }
            }
        }
    }

    /** Terminates at once whatever the test spawned that has not ended, e.g. after an interruption. */
    private void endAll(Set<Pid> spawned) {
        for (Pid pid : spawned) {
            if (processes.state(pid) != ProcessState.TERMINATED) {
                try {
                    processes.terminate(pid, Duration.ZERO);
                } catch (RuntimeException e) {
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

    /**
     * Reads again, after a GC and a pause, until the reading is back to {@code before} or the
     * attempts run out. What counts as back, and the two allowances it makes for threads that
     * pools keep after the run, is {@link OsReading#leaksSince}: no tolerance beyond those.
     */
    private OsReading settle(OsReading before, int extraThreads) throws InterruptedException {
        OsReading after = OsReading.now();
        for (int attempt = 0; attempt < settings.settleAttempts() && !after.isBackTo(before, extraThreads); attempt++) {
            quiet();
            after = OsReading.now();
        }
        return after;
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
