package io.reclaim.benchmarks;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the suite and prints one line per comparison, {@code NAME ratio=X.XX} or
 * {@code NAME value=N unit}, after a table of the JMH scores behind them.
 *
 * <p>The two sides of a comparison run in alternating rounds of one fork each (A B, B A, A B,
 * ...), so that a change in the machine's load while the suite runs falls on both sides alike;
 * the scores of all rounds are pooled and the error is JMH's 99.9% confidence half-width over all
 * measured iterations. A ratio's error combines both sides' relative errors.
 *
 * <p>Arguments are JMH's and are passed through (e.g. {@code -prof gc}, {@code -jvmArgsAppend});
 * benchmark patterns select which comparisons run. {@code -Dquick} (or the argument
 * {@code quick}) makes a short smoke run whose figures are not to be quoted.
 */
public final class Report {

    private static final String PACKAGE = "io.reclaim.benchmarks.";

    /** One benchmark method at one parameter setting. */
    record Member(String benchmark, String param, String value) {
        String key() {
            return param == null ? benchmark : benchmark + "[" + param + "=" + value + "]";
        }
    }

    /** The pooled scores of one member. */
    record Scores(Member member, String unit, ListStatistics stats, Map<String, ListStatistics> secondary) {
        double mean() {
            return stats.getMean();
        }

        double error() {
            return stats.getN() > 2 ? stats.getMeanErrorAt(0.999) : Double.NaN;
        }
    }

    /** What one line of the report states. */
    sealed interface Line permits RatioLine, ValueLine {
    }

    record RatioLine(String name, Member reclaim, Member baseline, double target) implements Line {
    }

    record ValueLine(String name, Member member, String unit, double target) implements Line {
    }

    record Group(String benchmarkClass, List<Member> members, List<Line> lines) {
    }

    private final boolean quick;
    /** The JMH options given, without the benchmark patterns: each run names its own benchmark. */
    private final CommandLineOptions passed;
    private final List<String> patterns;
    private final Map<String, Scores> scores = new LinkedHashMap<>();

    Report(boolean quick, CommandLineOptions passed, List<String> patterns) {
        this.quick = quick;
        this.passed = passed;
        this.patterns = patterns;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        boolean quick = System.getProperty("quick") != null;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("quick") || arg.equals("--quick") || arg.equals("-quick")) {
                quick = true;
            } else {
                rest.add(arg);
            }
        }
        CommandLineOptions passed = new CommandLineOptions(rest.toArray(new String[0]));
        if (passed.shouldHelp()) {
            System.out.println("java [-Dquick] -jar benchmarks.jar [JMH options] [benchmark patterns]");
            System.out.println("  runs the suite and prints one NAME ratio=X.XX / NAME value=N unit line per comparison");
            passed.showHelp();
            return;
        }
        // JMH adds a parent's patterns to every run's own: keep them apart, or each run would run
        // every benchmark the patterns select and pool them all under one name
        List<String> patterns = passed.getIncludes();
        rest.removeAll(patterns);
        new Report(quick, new CommandLineOptions(rest.toArray(new String[0])), patterns).run();
    }

    static List<Group> suite() {
        List<Group> groups = new ArrayList<>();
        Member reclaimClose = new Member("CleanupVsRawClose.reclaimTerminate", null, null);
        Member rawClose = new Member("CleanupVsRawClose.rawClose", null, null);
        Member reclaimLife = new Member("CleanupVsRawClose.reclaimOpenAndTerminate", null, null);
        Member rawLife = new Member("CleanupVsRawClose.rawOpenAndClose", null, null);
        // the kernel's floor: the same descriptors closed through close(2); measured, no target yet
        Member syscallClose = new Member("KernelFloor.syscallClose", null, null);
        groups.add(new Group("CleanupVsRawClose", List.of(reclaimClose, rawClose, syscallClose, reclaimLife, rawLife),
                List.of(new RatioLine("CleanupVsRawClose", reclaimClose, rawClose, 1.10),
                        new RatioLine("CleanupVsRawClose.openAndClose", reclaimLife, rawLife, 1.10),
                        new RatioLine("CleanupVsRawClose.kernel", reclaimClose, syscallClose, Double.NaN),
                        new RatioLine("CleanupVsRawClose.nioOverKernel", rawClose, syscallClose, Double.NaN))));

        Member none = new Member("LedgerScaling.cleanUpPidHoldingTen", "others", "0");
        Member tenK = new Member("LedgerScaling.cleanUpPidHoldingTen", "others", "10000");
        Member oneM = new Member("LedgerScaling.cleanUpPidHoldingTen", "others", "1000000");
        groups.add(new Group("LedgerScaling", List.of(none, oneM, tenK), List.of(
                new RatioLine("LedgerScaling", oneM, none, 1.20),
                new RatioLine("LedgerScaling.10k", tenK, none, 1.20))));

        Member ledger1 = new Member("TrackingHotPath.ledger1", null, null);
        Member map1 = new Member("TrackingHotPath.map1", null, null);
        Member ledger2 = new Member("TrackingHotPath.ledger2", null, null);
        Member map2 = new Member("TrackingHotPath.map2", null, null);
        groups.add(new Group("TrackingHotPath", List.of(ledger1, map1, ledger2, map2), List.of(
                new RatioLine("TrackingHotPath.threads1", ledger1, map1, 2.0),
                new RatioLine("TrackingHotPath.threads2", ledger2, map2, 2.0))));

        // recording acquisition sites: sampled at the default rate within 1.2x of off; all is measured, no target
        Member trackOff = new Member("AcquisitionTracking.trackAndRelease", "tracking", "off");
        Member trackSampled = new Member("AcquisitionTracking.trackAndRelease", "tracking", "sampled");
        Member trackAll = new Member("AcquisitionTracking.trackAndRelease", "tracking", "all");
        Member transfer = new Member("AcquisitionTracking.trackTransferAndRelease", "tracking", "off");
        groups.add(new Group("AcquisitionTracking", List.of(trackOff, trackSampled, trackAll, transfer), List.of(
                new RatioLine("AcquisitionTracking.sampled", trackSampled, trackOff, 1.20),
                new RatioLine("AcquisitionTracking.all", trackAll, trackOff, Double.NaN),
                new RatioLine("AcquisitionTracking.transfer", transfer, trackOff, Double.NaN))));

        Member pin1 = new Member("PinHotPath.pin1", null, null);
        Member rwlock1 = new Member("PinHotPath.rwlock1", null, null);
        Member pin2 = new Member("PinHotPath.pin2", null, null);
        Member rwlock2 = new Member("PinHotPath.rwlock2", null, null);
        groups.add(new Group("PinHotPath", List.of(pin1, rwlock1, pin2, rwlock2), List.of(
                new RatioLine("PinHotPath.threads1", pin1, rwlock1, 1.0),
                new RatioLine("PinHotPath.threads2", pin2, rwlock2, 1.0))));

        Member reclaimTimer = new Member("TimerScheduleCancel.reclaim", null, null);
        Member rawTimer = new Member("TimerScheduleCancel.raw", null, null);
        groups.add(new Group("TimerScheduleCancel", List.of(reclaimTimer, rawTimer), List.of(
                new RatioLine("TimerScheduleCancel", reclaimTimer, rawTimer, 1.30))));

        Member reclaimSpawn = new Member("OsChildLifecycle.reclaimSpawn", "others", "10");
        Member jdkSpawn = new Member("OsChildLifecycle.jdkSpawn", "others", "10");
        Member reclaimKill = new Member("OsChildLifecycle.reclaimKill", "others", "10");
        Member jdkKill = new Member("OsChildLifecycle.jdkKill", "others", "10");
        Member reclaimKillMany = new Member("OsChildLifecycle.reclaimKill", "others", "2000");
        groups.add(new Group("OsChildLifecycle", List.of(reclaimSpawn, jdkSpawn, reclaimKill, jdkKill, reclaimKillMany),
                List.of(new RatioLine("OsChildLifecycle.spawn", reclaimSpawn, jdkSpawn, 1.20),
                        new RatioLine("OsChildLifecycle.kill", reclaimKill, jdkKill, 1.20),
                        new RatioLine("OsChildLifecycle.killWith2000", reclaimKillMany, reclaimKill, 1.50))));

        Member journal = new Member("JournalAppend.journalRecordAndRemove", null, null);
        Member rawAppend = new Member("JournalAppend.rawAppendTwice", null, null);
        groups.add(new Group("JournalAppend", List.of(journal, rawAppend), List.of(
                new RatioLine("JournalAppend", journal, rawAppend, 1.5))));

        Member churn1 = new Member("Churn.churn1", null, null);
        Member churn2 = new Member("Churn.churn2", null, null);
        // the same churn with Event Admin and a subscriber to every topic, with Event Admin's default
        // handler timeout and without it: the ratio is the throughput without events over the
        // throughput with them, so above 1 is what events cost
        Member churn1Events = new Member("Churn.churn1", "events", "eventadmin");
        Member churn1Untimed = new Member("Churn.churn1", "events", "eventadmin-untimed");
        Member churn2Untimed = new Member("Churn.churn2", "events", "eventadmin-untimed");
        groups.add(new Group("Churn", List.of(churn1, churn1Events, churn1Untimed, churn2, churn2Untimed), List.of(
                new ValueLine("Churn.threads1", churn1, "processes/s", 100_000),
                new ValueLine("Churn.threads2", churn2, "processes/s", 100_000),
                new RatioLine("Churn.events1", churn1, churn1Events, 1.10),
                new RatioLine("Churn.events1.untimed", churn1, churn1Untimed, 1.10),
                new RatioLine("Churn.events2.untimed", churn2, churn2Untimed, 1.10))));
        return groups;
    }

    void run() throws RunnerException {
        long start = System.nanoTime();
        String started = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        List<Group> groups = selected();
        int rounds = quick ? 1 : Integer.getInteger("rounds", 4);
        for (Group group : groups) {
            for (int round = 0; round < rounds; round++) {
                List<Member> order = new ArrayList<>(group.members());
                if (round % 2 == 1) {
                    Collections.reverse(order);
                }
                for (Member member : order) {
                    runOnce(member);
                }
            }
        }
        List<LedgerFootprint.Result> footprints = footprintSelected() ? footprints() : List.of();

        System.out.println();
        System.out.println("# Reclaim benchmarks, started " + started + ", " + Runtime.getRuntime().availableProcessors()
                + " cores, " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + (quick ? ", QUICK smoke run: figures are not to be quoted" : ", " + rounds + " rounds of one fork each")
                + ", took " + (System.nanoTime() - start) / 1_000_000_000 + " s");
        printScores();
        System.out.println();
        for (Group group : groups) {
            for (Line line : group.lines()) {
                printVerdict(line);
            }
        }
        for (LedgerFootprint.Result result : footprints) {
            System.out.printf("#   %s; target <= 64%n", result.line());
        }
        System.out.println();
        for (Group group : groups) {
            for (Line line : group.lines()) {
                System.out.println(summary(line));
            }
        }
        if (!footprints.isEmpty()) {
            System.out.printf("LedgerFootprint value=%.0f bytes/resource%n", headline(footprints).heapBytes());
        }
    }

    private List<Group> selected() {
        List<Group> groups = new ArrayList<>();
        for (Group group : suite()) {
            if (patterns.isEmpty() || patterns.stream().anyMatch(p -> Pattern.compile(p).matcher(group.benchmarkClass()).find())) {
                groups.add(group);
            }
        }
        return groups;
    }

    private boolean footprintSelected() {
        return patterns.isEmpty() || patterns.stream().anyMatch(p -> Pattern.compile(p).matcher("LedgerFootprint").find());
    }

    /**
     * The figure quoted: the worst of the distributions measured. One resource per pid is the
     * platform's common shape (a process with one socket, one mailbox, one task), not a corner.
     */
    private static LedgerFootprint.Result headline(List<LedgerFootprint.Result> results) {
        LedgerFootprint.Result worst = results.get(0);
        for (LedgerFootprint.Result result : results) {
            if (result.heapBytes() > worst.heapBytes()) {
                worst = result;
            }
        }
        return worst;
    }

    private List<LedgerFootprint.Result> footprints() {
        int[] perPid = quick ? new int[] {10} : LedgerFootprint.DEFAULT_PER_PID;
        List<LedgerFootprint.Result> results = new ArrayList<>();
        for (int p : perPid) {
            LedgerFootprint.Result result = LedgerFootprint.measure(LedgerFootprint.DEFAULT_TOTAL, p);
            System.out.println(result.line());
            results.add(result);
        }
        return results;
    }

    private void runOnce(Member member) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .parent(passed)
                .include("^" + Pattern.quote(PACKAGE + member.benchmark()) + "$")
                .forks(1);
        if (member.param() != null) {
            options.param(member.param(), member.value());
        }
        if (quick) {
            options.warmupIterations(1).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
        }
        for (RunResult result : new Runner(options.build()).run()) {
            record(member, result);
        }
    }

    private void record(Member member, RunResult result) {
        Scores pooled = scores.computeIfAbsent(member.key(),
                k -> new Scores(member, result.getPrimaryResult().getScoreUnit(), new ListStatistics(), new LinkedHashMap<>()));
        for (BenchmarkResult fork : result.getBenchmarkResults()) {
            for (IterationResult iteration : fork.getIterationResults()) {
                pooled.stats().addValue(iteration.getPrimaryResult().getScore());
            }
        }
        for (Map.Entry<String, Result> secondary : result.getAggregatedResult().getSecondaryResults().entrySet()) {
            pooled.secondary().computeIfAbsent(secondary.getKey() + " (" + secondary.getValue().getScoreUnit() + ")",
                    k -> new ListStatistics()).addValue(secondary.getValue().getScore());
        }
    }

    private void printScores() {
        System.out.printf("# %-58s %5s %14s %12s  %s%n", "Benchmark", "Cnt", "Score", "Error", "Units");
        for (Scores s : scores.values()) {
            System.out.printf("# %-58s %5d %14.3f ± %10.3f  %s%n", s.member().key(), s.stats().getN(), s.mean(),
                    s.error(), s.unit());
            for (Map.Entry<String, ListStatistics> secondary : s.secondary().entrySet()) {
                System.out.printf("#   %-56s %5d %14.3f%n", "·" + secondary.getKey(), secondary.getValue().getN(),
                        secondary.getValue().getMean());
            }
        }
    }

    private void printVerdict(Line line) {
        if (line instanceof RatioLine ratio) {
            Scores a = scores.get(ratio.reclaim().key());
            Scores b = scores.get(ratio.baseline().key());
            if (a == null || b == null) {
                return;
            }
            double value = a.mean() / b.mean();
            double error = value * Math.hypot(a.error() / a.mean(), b.error() / b.mean());
            if (Double.isNaN(ratio.target())) { // measured and stated, no target
                System.out.printf("#   %s ratio=%.3f ± %.3f (%s / %s); no target%n", ratio.name(), value, error,
                        ratio.reclaim().key(), ratio.baseline().key());
                return;
            }
            System.out.printf("#   %s ratio=%.3f ± %.3f (%s / %s); target <= %.2f: %s%n", ratio.name(), value, error,
                    ratio.reclaim().key(), ratio.baseline().key(), ratio.target(),
                    verdict(value + error <= ratio.target(), value - error > ratio.target()));
        } else if (line instanceof ValueLine v) {
            Scores s = scores.get(v.member().key());
            if (s == null) {
                return;
            }
            System.out.printf("#   %s value=%.0f ± %.0f %s; target >= %.0f: %s%n", v.name(), s.mean(), s.error(), v.unit(),
                    v.target(), verdict(s.mean() - s.error() >= v.target(), s.mean() + s.error() < v.target()));
        }
    }

    private static String verdict(boolean metBeyondError, boolean missedBeyondError) {
        if (metBeyondError) {
            return "met";
        }
        return missedBeyondError ? "NOT met" : "within the error of the target";
    }

    private String summary(Line line) {
        if (line instanceof RatioLine ratio) {
            Scores a = scores.get(ratio.reclaim().key());
            Scores b = scores.get(ratio.baseline().key());
            return a == null || b == null ? "" : String.format("%s ratio=%.2f", ratio.name(), a.mean() / b.mean());
        }
        ValueLine v = (ValueLine) line;
        Scores s = scores.get(v.member().key());
        return s == null ? "" : String.format("%s value=%.0f %s", v.name(), s.mean(), v.unit());
    }
}
