package io.reclaim.memory.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.memory.MemoryManager;

@ObjectClassDefinition(id = "io.reclaim.memory", name = "Reclaim off-heap memory",
        description = "Allocates direct memory for processes under a per-process quota; frees it when a process ends")
@interface MemoryConfig {

    @AttributeDefinition(name = "Default quota (bytes)", min = "0",
            description = "Direct memory a process may hold at once, unless its spec sets the property "
                    + MemoryManager.QUOTA_PROPERTY + ". A change applies at once to every process on the default.")
    long default_quota_bytes() default MemoryManager.DEFAULT_QUOTA_BYTES;

    @AttributeDefinition(name = "Pin wait (ms)", min = "0",
            description = "How long a release waits for code that still pins an allocation; an allocation "
                    + "still pinned then is quarantined and freed when its last pin closes. Keep it below the "
                    + "orchestrator's handler timeout.")
    long pin_wait_ms() default 2000;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place in the cleanup order: higher runs earlier. Changing it re-ranks the "
                    + "handler without releasing anything.")
    int service_ranking() default ResourceCleanup.RANKING_MEMORY;
}
