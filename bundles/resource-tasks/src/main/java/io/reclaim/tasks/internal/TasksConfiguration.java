package io.reclaim.tasks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;

@ObjectClassDefinition(name = "Reclaim tasks",
        description = "Async tasks of managed processes, run by a fixed pool of worker threads that take them "
                + "from the Reclaim scheduler, and cancelled when the process ends")
public @interface TasksConfiguration {

    @AttributeDefinition(name = "Worker threads",
            description = "Size of the worker pool, 1 to 64. A change resizes the pool in place: a worker "
                    + "that is no longer needed finishes its current task and exits.",
            min = "1", max = "64")
    int threads() default 4;

    @AttributeDefinition(name = "Cancel wait (ms)",
            description = "How long the cleanup of a process waits for its cancelled running tasks to stop; "
                    + "a task still running after it is reported as an error",
            min = "0")
    long cancel_wait_ms() default 1000;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the tasks cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_TASKS;
}
