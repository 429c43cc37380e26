package io.reclaim.timers;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.reclaim.api.CpuAccounting;
import io.reclaim.api.Pid;
import io.reclaim.api.ledger.Lease;

/** Keeps what is charged, per pid, so a test can read it. */
final class RecordedCpu implements CpuAccounting {

    private final ConcurrentHashMap<Pid, Long> nanos = new ConcurrentHashMap<>();

    @Override
    public void charge(Lease<?> work, long cpuNanos) {
        nanos.merge(work.owner(), cpuNanos, Long::sum);
    }

    @Override
    public Duration cpuTime(Pid pid) {
        return Duration.ofNanos(nanos.getOrDefault(pid, 0L));
    }
}
