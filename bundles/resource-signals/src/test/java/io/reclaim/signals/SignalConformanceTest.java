package io.reclaim.signals;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Signal handlers keep the contract of every resource type. */
public class SignalConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableSignalManager signals = SignalManager.create(gate);
        return TypeUnderTest.of(signals, pid -> Held.lease(signals.handle(pid, "USR1", signal -> { }), signals::release));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_SIGNALS;
    }
}
