package io.reclaim.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.scheduler.SchedulingPolicy;

@ObjectClassDefinition(name = "Reclaim scheduler",
        description = "The run queue of managed processes: entries taken one process at a time, removed when the process ends")
public @interface SchedulerConfiguration {

    @AttributeDefinition(name = "Policy",
            description = "ROUND_ROBIN takes one entry of each process in turn; PRIORITY serves the processes "
                    + "with the highest priority first, round robin among equals. Changing it re-orders the queue "
                    + "and keeps every entry.")
    SchedulingPolicy policy() default SchedulingPolicy.ROUND_ROBIN;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the scheduler cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_SCHEDULER;
}
