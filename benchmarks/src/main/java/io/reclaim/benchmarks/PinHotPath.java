package io.reclaim.benchmarks;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.ledger.Pin;
import io.reclaim.api.ledger.PinnedRegion;
import io.reclaim.api.ledger.Quarantine;

/**
 * One guarded touch of native memory: pin a {@link PinnedRegion}, write a long through the pin's
 * buffer, close the pin; against the guard the zero-copy and io_uring rings used before pins, the
 * read side of a {@link ReentrantReadWriteLock} around the same write. With 2 threads both touch
 * the same region, as two threads of one process filling one allocation would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class PinHotPath {

    @State(Scope.Benchmark)
    public static class Memory {
        final ByteBuffer block = ByteBuffer.allocateDirect(4096);
        final PinnedRegion region = PinnedRegion.of(block, new Quarantine(), () -> { });
        final ByteBuffer view = block.duplicate();
        final ReentrantReadWriteLock guard = new ReentrantReadWriteLock();
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer pin1(Memory memory) {
        return pinned(memory);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer pin2(Memory memory) {
        return pinned(memory);
    }

    @Benchmark
    @Threads(1)
    public ByteBuffer rwlock1(Memory memory) {
        return locked(memory);
    }

    @Benchmark
    @Threads(2)
    public ByteBuffer rwlock2(Memory memory) {
        return locked(memory);
    }

    private static ByteBuffer pinned(Memory memory) {
        try (Pin pin = memory.region.pin()) {
            return pin.buffer().putLong(0, 42L);
        }
    }

    private static ByteBuffer locked(Memory memory) {
        memory.guard.readLock().lock();
        try {
            return memory.view.putLong(0, 42L);
        } finally {
            memory.guard.readLock().unlock();
        }
    }
}
