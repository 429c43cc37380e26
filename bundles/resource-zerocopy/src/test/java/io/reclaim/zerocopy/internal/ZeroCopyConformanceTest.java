package io.reclaim.zerocopy.internal;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;
import io.reclaim.zerocopy.CloseableZeroCopyManager;
import io.reclaim.zerocopy.ZeroCopyManager;

/** Shared-memory rings of 1 KiB keep the contract of every resource type. */
public class ZeroCopyConformanceTest extends ResourceTypeConformanceTest {

    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();

    @Override
    protected TypeUnderTest open(ProcessGate gate) throws Exception {
        CloseableZeroCopyManager rings = ZeroCopyManager.create(gate, tmp.newFolder().toPath());
        AtomicInteger names = new AtomicInteger();
        return TypeUnderTest.of(rings,
                pid -> Held.lease(rings.create(pid, "ring-" + names.incrementAndGet(), 1024), rings::release));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_ZEROCOPY;
    }
}
