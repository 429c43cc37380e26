package io.reclaim.timers;

import java.time.Duration;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Periodic timers keep the contract of every resource type. */
public class TimerConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableTimerManager timers = TimerManager.create(gate, 1);
        Duration second = Duration.ofSeconds(1);
        return TypeUnderTest.of(timers,
                pid -> Held.releasedBy(timers.scheduleAtFixedRate(pid, second, second, () -> { }), timers::cancel));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_TIMERS;
    }
}
