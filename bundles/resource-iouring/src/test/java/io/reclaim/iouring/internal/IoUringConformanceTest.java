package io.reclaim.iouring.internal;

import static org.junit.Assume.assumeTrue;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;
import io.reclaim.iouring.CloseableIoUringManager;
import io.reclaim.iouring.IoUringManager;

/** io_uring rings keep the contract of every resource type, where the kernel offers them. */
public class IoUringConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableIoUringManager rings = IoUringManager.create(gate);
        if (rings.unavailableReason().isPresent()) {
            rings.close();
        }
        assumeTrue("io_uring: " + rings.unavailableReason().orElse(""), rings.unavailableReason().isEmpty());
        return TypeUnderTest.of(rings, pid -> Held.lease(rings.create(pid, 8), rings::release));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_IOURING;
    }
}
