package io.reclaim.testing.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.junit.rules.TestRule;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;

import io.reclaim.api.Pid;
import io.reclaim.api.ProcessInfo;
import io.reclaim.api.ProcessManager;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceUsage;
import io.reclaim.api.readings.OsBaseline;
import io.reclaim.api.readings.OsReading;

/**
 * Fails a test that leaves anything behind, as Netty's PARANOID leak detection does: around each
 * test it records what the pids spawned during the test still hold once the test is over, and
 * what this JVM holds at the OS level (open fds, file mappings, threads, direct memory: the
 * readings of {@code reclaim:selftest}, judged with its tolerances). A pid the test left running
 * is terminated by the rule and reported.
 *
 * <pre>{@code
 * @Rule
 * public final ReclaimLeakRule leaks = ReclaimLeakRule.watching(() -> processes, () -> orchestrator);
 * }</pre>
 *
 * <p>The services are asked for when the test starts and ends, so they may be fields that a
 * {@code @Before} method or pax-exam's injection fills; a {@code null} skips the pid checks. The
 * rule wraps {@code @Before} and {@code @After}: what they start and stop is inside the reading.
 * The OS readings are of the whole JVM, so run the tests of a class one at a time. A test that
 * fails on its own is reported as it failed; the rule only ends the pids it left running.
 */
public final class ReclaimLeakRule implements TestRule {

    /** Readings after the test before the OS readings count as not back; as {@code reclaim:selftest}. */
    public static final int DEFAULT_SETTLE_ATTEMPTS = 30;
    /** The pause (after a GC) between two of those readings; as {@code reclaim:selftest}. */
    public static final Duration DEFAULT_SETTLE_PAUSE = Duration.ofMillis(100);

    private final Supplier<? extends ProcessManager> processes;
    private final Supplier<? extends ResourceOrchestrator> orchestrator;
    private final boolean osReadings;
    private final AcquisitionSites sites;
    private final int settleAttempts;
    private final Duration settlePause;
    private final WarmUp warmUp;

    /** The warm-ups that have run in this JVM, by key. */
    private static final Set<Object> WARM = ConcurrentHashMap.newKeySet();

    /**
     * One unmeasured run of what the tests do, so that what the JVM allocates once and for good on
     * first use (classes, compiled code, a native library and its mappings, a process-wide watcher
     * thread, malloc arenas) is there before the first reading, as {@code reclaim:selftest}'s warm-up
     * round does.
     */
    @FunctionalInterface
    public interface WarmUp {
        void run() throws Exception;
    }

    private ReclaimLeakRule(Supplier<? extends ProcessManager> processes,
            Supplier<? extends ResourceOrchestrator> orchestrator, boolean osReadings, AcquisitionSites sites,
            int settleAttempts, Duration settlePause, WarmUp warmUp) {
        this.processes = processes;
        this.orchestrator = orchestrator;
        this.osReadings = osReadings;
        this.sites = sites;
        this.settleAttempts = settleAttempts;
        this.settlePause = settlePause;
        this.warmUp = warmUp;
    }

    /** Watches the pids of {@code processes} and what {@code orchestrator}'s handlers say they hold. */
    public static ReclaimLeakRule watching(Supplier<? extends ProcessManager> processes,
            Supplier<? extends ResourceOrchestrator> orchestrator) {
        return new ReclaimLeakRule(Objects.requireNonNull(processes, "processes"),
                Objects.requireNonNull(orchestrator, "orchestrator"), true, AcquisitionSites.NOT_TRACKED,
                DEFAULT_SETTLE_ATTEMPTS, DEFAULT_SETTLE_PAUSE, null);
    }

    /** As {@link #watching(Supplier, Supplier)} with services that exist before the rule. */
    public static ReclaimLeakRule watching(ProcessManager processes, ResourceOrchestrator orchestrator) {
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(orchestrator, "orchestrator");
        return watching(() -> processes, () -> orchestrator);
    }

    /** Only the OS readings: for code that uses no Reclaim service, or before any exists. */
    public static ReclaimLeakRule osOnly() {
        return new ReclaimLeakRule(() -> null, () -> null, true, AcquisitionSites.NOT_TRACKED,
                DEFAULT_SETTLE_ATTEMPTS, DEFAULT_SETTLE_PAUSE, null);
    }

    /** @return this rule without the OS readings: for tests that share the JVM with other work */
    public ReclaimLeakRule withoutOsReadings() {
        return new ReclaimLeakRule(processes, orchestrator, false, sites, settleAttempts, settlePause, warmUp);
    }

    /** @return this rule naming, for each leak, where it was acquired as {@code sites} tells */
    public ReclaimLeakRule withAcquisitionSites(AcquisitionSites sites) {
        return new ReclaimLeakRule(processes, orchestrator, osReadings, Objects.requireNonNull(sites, "sites"),
                settleAttempts, settlePause, warmUp);
    }

    /**
     * @return this rule giving the OS readings {@code attempts} more readings, {@code pause} apart
     *     after a GC, to come back before they count as leaked
     * @throws IllegalArgumentException if {@code attempts} or {@code pause} is negative
     */
    public ReclaimLeakRule settling(int attempts, Duration pause) {
        if (attempts < 0 || pause.isNegative()) {
            throw new IllegalArgumentException("settle attempts and pause must not be negative, got " + attempts
                    + " and " + pause);
        }
        return new ReclaimLeakRule(processes, orchestrator, osReadings, sites, attempts, pause, warmUp);
    }

    /**
     * @return this rule running {@code warmUp} once in this JVM for {@code key} (e.g. the test
     *     class) before its first OS reading
     */
    public ReclaimLeakRule warmingUpOnce(Object key, WarmUp warmUp) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(warmUp, "warmUp");
        return new ReclaimLeakRule(processes, orchestrator, osReadings, sites, settleAttempts, settlePause, () -> {
            if (WARM.add(key)) {
                warmUp.run();
            }
        });
    }

    @Override
    public Statement apply(Statement base, Description description) {
        return new Statement() {
            @Override
            public void evaluate() throws Throwable {
                if (warmUp != null && osReadings) {
                    warmUp.run();
                }
                long highestBefore = highestPid(processes.get());
                OsBaseline baseline = osReadings ? OsBaseline.take() : null;
                Set<Thread> threadsBefore = osReadings ? Thread.getAllStackTraces().keySet() : Set.of();
                try {
                    base.evaluate();
                } catch (Throwable failed) {
                    endSurvivors(highestBefore); // nothing the test spawned outlives it, pass or fail
                    throw failed;
                }
                LeakReport report = check(highestBefore, baseline, threadsBefore);
                if (!report.isEmpty()) {
                    throw new AssertionError(report.render(description.getDisplayName()));
                }
            }
        };
    }

    private LeakReport check(long highestBefore, OsBaseline baseline, Set<Thread> threadsBefore) throws InterruptedException {
        LeakReport report = new LeakReport();
        for (ProcessInfo survivor : endSurvivors(highestBefore)) {
            report.survivor(survivor.pid(), survivor.name());
        }
        ResourceOrchestrator handlers = orchestrator.get();
        if (handlers != null) {
            for (Map.Entry<Pid, Map<String, ResourceUsage>> holding : handlers.holdings().entrySet()) {
                Pid pid = holding.getKey();
                if (pid.value() <= highestBefore) {
                    continue; // held by a pid from before the test: not the test's
                }
                holding.getValue().forEach((type, usage) -> {
                    if (!usage.isEmpty()) {
                        report.held(type, pid, usage, sites.sites(type, pid));
                    }
                });
            }
        }
        if (baseline != null) {
            OsReading after = baseline.settle(settleAttempts, settlePause);
            Map<String, Long> leaks = baseline.leaksIn(after);
            if (!leaks.isEmpty()) {
                report.os(leaks, baseline.before(), after, baseline.extraThreads());
                if (leaks.containsKey("threads")) {
                    report.newThreads(newThreads(threadsBefore));
                }
            }
        }
        return report;
    }

    /** Terminates at once the pids spawned during the test that are still running; @return them */
    private List<ProcessInfo> endSurvivors(long highestBefore) {
        ProcessManager manager = processes.get();
        List<ProcessInfo> survivors = new ArrayList<>();
        if (manager == null) {
            return survivors;
        }
        for (ProcessInfo process : manager.list()) {
            if (process.pid().value() > highestBefore) {
                survivors.add(process);
                try {
                    manager.terminate(process.pid(), Duration.ZERO);
                } catch (RuntimeException | Error e) {
                    // what it left behind shows in the holdings
                }
            }
        }
        return survivors;
    }

    /** @return the names of the live threads that were not there before the test */
    private static List<String> newThreads(Set<Thread> before) {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && !before.contains(thread)) {
                names.add(thread.getName());
            }
        }
        names.sort(null);
        return names;
    }

    /** Pids grow and are never reused: the highest known now splits before from during. */
    private static long highestPid(ProcessManager manager) {
        if (manager == null) {
            return 0;
        }
        long highest = 0;
        for (ProcessInfo process : manager.list()) {
            highest = Math.max(highest, process.pid().value());
        }
        for (ProcessInfo process : manager.history()) {
            highest = Math.max(highest, process.pid().value());
        }
        return highest;
    }
}
