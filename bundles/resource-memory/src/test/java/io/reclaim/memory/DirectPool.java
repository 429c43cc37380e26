package io.reclaim.memory;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** The JVM's own account of direct memory, read before and after. */
public record DirectPool(long count, long memoryUsed) {

    public static DirectPool now() {
        BufferPoolMXBean pool = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the JVM reports no 'direct' buffer pool"));
        return new DirectPool(pool.getCount(), pool.getMemoryUsed());
    }

    public DirectPool plus(long buffers, long bytes) {
        return new DirectPool(count + buffers, memoryUsed + bytes);
    }
}
