package io.reclaim.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ledger.ResourceLedger;

/**
 * Cleaning up a pid that holds 10 resources while {@code others} resources are tracked for other
 * pids (10 each) in the same ledger. Each operation is a new pid, as under process churn: it
 * tracks its 10 resources and is cleaned up. A cleanup that scanned other pids' resources, or
 * a lookup that degraded with the ledger's size, would show as a rising time; the target is
 * time at 1M within 1.20 times the time at 0.
 *
 * <p>Tracking is part of the operation because cleaning a pid needs a pid holding something; a
 * per-invocation setup would cost more than the 10 resources' whole bookkeeping and drown it in
 * timer noise.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class LedgerScaling {

    static final int HELD = 10;
    static final int PER_OTHER_PID = 10;
    /** Other pids count from 1; the measured pids start far above them. */
    static final long FIRST_MEASURED_PID = 1L << 40;

    @Param({"0", "10000", "1000000"})
    public int others;

    ResourceLedger<Item> ledger;
    final Item[] held = new Item[HELD];
    long nextPid = FIRST_MEASURED_PID;

    @Setup(Level.Trial)
    public void fill() {
        ledger = new ResourceLedger<>("items", Gates.ALWAYS_RUNNING, Item::release, item -> 0);
        for (int i = 0; i < others; i++) {
            ledger.track(Pid.of(1 + i / PER_OTHER_PID), new Item());
        }
        for (int i = 0; i < HELD; i++) {
            held[i] = new Item();
        }
    }

    @Benchmark
    public CleanupStats cleanUpPidHoldingTen() {
        Pid pid = Pid.of(nextPid++);
        for (Item item : held) {
            ledger.track(pid, item);
        }
        CleanupStats stats = ledger.cleanup(pid);
        if (stats.resourcesFreed() != HELD) {
            throw new IllegalStateException("cleanup freed " + stats.resourcesFreed() + " of " + HELD);
        }
        return stats;
    }
}
