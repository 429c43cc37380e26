package io.reclaim.benchmarks;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;
import io.reclaim.api.ledger.ResourceLedger;

/**
 * The bookkeeping of one acquisition and its release, no syscall: {@code ledger.track} plus
 * {@code ledger.release} of a cheap resource, against {@code ConcurrentHashMap.put} plus
 * {@code remove} of a key of the same shape as the ledger's own key (a {@link Lease}: three
 * references, identity equality). With 2 threads each thread acquires for its own pid, as two
 * processes would, in one shared ledger; the baseline's threads share one map.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class TrackingHotPath {

    /** The ledger's key: a {@link Lease} has an owner, a resource and its holdings, equal by identity. */
    static final class Key {
        final Pid owner;
        final Object resource;
        final Object holdings;

        Key(Pid owner, Object resource, Object holdings) {
            this.owner = owner;
            this.resource = resource;
            this.holdings = holdings;
        }
    }

    @State(Scope.Benchmark)
    public static class Shared {
        final ResourceLedger<Item> ledger = new ResourceLedger<>("items", Gates.ALWAYS_RUNNING, Item::release, item -> 0);
        final ConcurrentHashMap<Key, Boolean> map = new ConcurrentHashMap<>();
        final AtomicLong pids = new AtomicLong();
    }

    @State(Scope.Thread)
    public static class Caller {
        Pid pid;
        final Item item = new Item();
        final Object holdings = new Object();

        @Setup(Level.Trial)
        public void pick(Shared shared) {
            pid = Pid.of(shared.pids.incrementAndGet());
        }
    }

    @Benchmark
    @Threads(1)
    public long ledger1(Shared shared, Caller caller) {
        return trackAndRelease(shared, caller);
    }

    @Benchmark
    @Threads(2)
    public long ledger2(Shared shared, Caller caller) {
        return trackAndRelease(shared, caller);
    }

    @Benchmark
    @Threads(1)
    public Boolean map1(Shared shared, Caller caller) {
        return putAndRemove(shared, caller);
    }

    @Benchmark
    @Threads(2)
    public Boolean map2(Shared shared, Caller caller) {
        return putAndRemove(shared, caller);
    }

    private static long trackAndRelease(Shared shared, Caller caller) {
        Lease<Item> lease = shared.ledger.track(caller.pid, caller.item);
        return shared.ledger.release(caller.pid, lease);
    }

    private static Boolean putAndRemove(Shared shared, Caller caller) {
        Key key = new Key(caller.pid, caller.item, caller.holdings);
        shared.map.put(key, Boolean.TRUE);
        return shared.map.remove(key);
    }
}
