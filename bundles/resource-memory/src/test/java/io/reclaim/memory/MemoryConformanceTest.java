package io.reclaim.memory;

import io.reclaim.api.ProcessGate;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.testing.junit.ResourceTypeConformanceTest;
import io.reclaim.testing.junit.TypeUnderTest;
import io.reclaim.testing.junit.TypeUnderTest.Held;

/** Off-heap allocations of 4 KiB keep the contract of every resource type. */
public class MemoryConformanceTest extends ResourceTypeConformanceTest {

    @Override
    protected TypeUnderTest open(ProcessGate gate) {
        CloseableMemoryManager memory = MemoryManager.create(gate, MemoryManager.DEFAULT_QUOTA_BYTES);
        return TypeUnderTest.of(memory, pid -> Held.lease(memory.allocate(pid, 4096), memory::free));
    }

    @Override
    protected int ranking() {
        return ResourceCleanup.RANKING_MEMORY;
    }
}
