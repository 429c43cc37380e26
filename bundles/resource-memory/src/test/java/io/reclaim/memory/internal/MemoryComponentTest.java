package io.reclaim.memory.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.lang.annotation.Annotation;

import org.junit.Test;

import io.reclaim.api.CleanupStats;
import io.reclaim.api.Pid;
import io.reclaim.api.ProcessSpec;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ledger.Lease;
import io.reclaim.memory.Allocation;
import io.reclaim.memory.DirectPool;
import io.reclaim.memory.MemoryManager;
import io.reclaim.memory.MemoryQuotaExceededException;
import io.reclaim.api.ledger.Handlers;

/** The component as DS drives it: constructor, greedy process manager reference, modified, deactivate. */
public class MemoryComponentTest {

    private final SpecTable processes = new SpecTable();
    private final Pid quoted = processes.add(ProcessSpec.named("quoted").withProperty("memory.quota", "3000"));
    private final Pid plain = processes.add(ProcessSpec.named("plain"));
    private final Pid invalid = processes.add(ProcessSpec.named("invalid").withProperty("memory.quota", "lots"));

    @Test
    public void quotasComeFromTheSpecsOnceAProcessManagerIsBound() {
        MemoryManagerImpl component = new MemoryManagerImpl(null, processes, config(1000), Map.of());
        try {
            assertEquals("no process manager yet: the default applies", 1000, component.quota(quoted));

            component.processes = processes;

            assertEquals(3000, component.quota(quoted));
            assertEquals(1000, component.quota(plain));
            component.allocate(quoted, 3000);
            assertThrows(MemoryQuotaExceededException.class, () -> component.allocate(plain, 1001));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> component.allocate(invalid, 1));
            assertEquals("process 'invalid' has memory.quota 'lots': expected a number of bytes, 0 or more",
                    refused.getMessage());
            assertFalse(Handlers.of(component).hasResources(invalid));
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void aModifiedDefaultQuotaAppliesAtOnceAndReleasesNothing() {
        MemoryManagerImpl component = new MemoryManagerImpl(null, processes, config(1000), Map.of());
        component.processes = processes;
        try {
            Lease<Allocation> held = component.allocate(plain, 800);
            DirectPool allocated = DirectPool.now();

            component.modified(config(5000), Map.of());

            assertTrue(held.isHeld());
            assertEquals(allocated, DirectPool.now());
            assertEquals(5000, component.quota(plain));
            assertEquals("a process's own quota stays", 3000, component.quota(quoted));
            component.allocate(plain, 4200);

            component.modified(config(-1), Map.of());

            assertEquals("an invalid default is ignored", 5000, component.quota(plain));
        } finally {
            component.deactivate();
        }
    }

    @Test
    public void deactivationFreesEverythingOfEveryPid() {
        DirectPool before = DirectPool.now();
        MemoryManagerImpl component = new MemoryManagerImpl(null, processes, config(MemoryManager.DEFAULT_QUOTA_BYTES), Map.of());
        component.allocate(quoted, 100);
        component.allocate(plain, 200);
        assertEquals(before.plus(2, 300), DirectPool.now());

        component.deactivate();

        assertEquals(before, DirectPool.now());
        assertFalse(Handlers.of(component).hasResources(quoted));
        assertFalse(Handlers.of(component).hasResources(plain));
        assertEquals(CleanupStats.NONE, component.shutdown());
    }

    private static MemoryConfig config(long defaultQuota) {
        return new MemoryConfig() {
            @Override
            public long default_quota_bytes() {
                return defaultQuota;
            }

            @Override
            public long pin_wait_ms() {
                return 2000;
            }

            @Override
            public int service_ranking() {
                return ResourceCleanup.RANKING_MEMORY;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MemoryConfig.class;
            }
        };
    }
}
