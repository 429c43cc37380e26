package io.reclaim.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.Pid;
import io.reclaim.api.Tracking;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceLedger;

/**
 * What recording acquisition sites costs: {@code ledger.track} plus {@code ledger.release} of a
 * cheap resource at each tracking level ({@code off} is {@link TrackingHotPath}'s
 * {@code ledger1}); and a hand-over between two pids, {@code track}, {@code transfer} and the
 * new owner's {@code release}, against {@code track} and {@code release} alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class AcquisitionTracking {

    @Param({"off", "sampled", "all"})
    public String tracking;

    private final ResourceLedger<Item> ledger = new ResourceLedger<>("items", Gates.ALWAYS_RUNNING, Item::release, item -> 0);
    private final Pid owner = Pid.of(1);
    private final Pid heir = Pid.of(2);
    private final Item item = new Item();

    @Setup
    public void configure() {
        ledger.configureTracking(Tracking.parse(tracking), Tracking.DEFAULT_SAMPLE);
        ledger.allowTransfers(true);
    }

    @Benchmark
    public long trackAndRelease() {
        Lease<Item> lease = ledger.track(owner, item);
        return ledger.release(owner, lease);
    }

    @Benchmark
    public long trackTransferAndRelease() {
        Lease<Item> lease = ledger.track(owner, item);
        return ledger.release(heir, lease.transfer(owner, heir));
    }
}
