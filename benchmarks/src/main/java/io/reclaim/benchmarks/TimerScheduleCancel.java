package io.reclaim.benchmarks;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.reclaim.api.Pid;
import io.reclaim.timers.Timer;
import io.reclaim.timers.TimerManager;
import io.reclaim.timers.CloseableTimerManager;

/**
 * Scheduling a one-shot timer an hour ahead and cancelling it, as a process that arms a timeout
 * and disarms it when the work came back in time: through Reclaim's {@link TimerManager} (tracked
 * for its pid, owner-checked on cancel), against a plain {@link ScheduledThreadPoolExecutor} set
 * up as the timer manager sets up its own (2 threads, removed from the queue on cancel).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class TimerScheduleCancel {

    private static final Duration AHEAD = Duration.ofHours(1);
    private static final Runnable NOTHING = () -> { };

    @State(Scope.Benchmark)
    public static class Reclaim {
        final Pid pid = Pid.of(1);
        CloseableTimerManager timers;

        @Setup(Level.Trial)
        public void start() {
            timers = TimerManager.create(Gates.ALWAYS_RUNNING, 2);
        }

        @TearDown(Level.Trial)
        public void stop() {
            timers.shutdown();
        }
    }

    @State(Scope.Benchmark)
    public static class Raw {
        ScheduledThreadPoolExecutor executor;

        @Setup(Level.Trial)
        public void start() {
            executor = new ScheduledThreadPoolExecutor(2);
            executor.setRemoveOnCancelPolicy(true);
            executor.prestartAllCoreThreads();
        }

        @TearDown(Level.Trial)
        public void stop() {
            executor.shutdownNow();
        }
    }

    @Benchmark
    public boolean reclaim(Reclaim state) {
        Timer timer = state.timers.schedule(state.pid, AHEAD, NOTHING);
        return state.timers.cancel(state.pid, timer);
    }

    @Benchmark
    public boolean raw(Raw state) {
        ScheduledFuture<?> future = state.executor.schedule(NOTHING, AHEAD.toNanos(), TimeUnit.NANOSECONDS);
        return future.cancel(false);
    }
}
