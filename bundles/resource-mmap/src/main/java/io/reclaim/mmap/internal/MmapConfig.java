package io.reclaim.mmap.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;

@ObjectClassDefinition(id = "io.reclaim.mmap", name = "Reclaim memory mappings",
        description = "Maps file regions for processes; syncs and unmaps them when a process ends")
@interface MmapConfig {

    @AttributeDefinition(name = "Pin wait (ms)", min = "0",
            description = "How long a release waits for code that still pins a region; a region still "
                    + "pinned then is quarantined, and synced and unmapped when its last pin closes. Keep it "
                    + "below the orchestrator's handler timeout.")
    long pin_wait_ms() default 2000;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place in the cleanup order: higher runs earlier. Changing it re-ranks the "
                    + "handler without releasing anything.")
    int service_ranking() default ResourceCleanup.RANKING_MMAP;
}
