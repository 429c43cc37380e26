package io.reclaim.timers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;

@ObjectClassDefinition(name = "Reclaim timers",
        description = "Timers of managed processes, fired by a small shared pool of threads and cancelled when "
                + "the process ends")
public @interface TimersConfiguration {

    @AttributeDefinition(name = "Firing threads",
            description = "Threads that fire the timers of every process, 1 to 16. A change resizes the pool in place.",
            min = "1", max = "16")
    int threads() default 2;

    @AttributeDefinition(name = "Cancel wait (ms)",
            description = "How long the cleanup of a process waits for a firing of its timers in progress; "
                    + "a firing still running after it is reported as an error",
            min = "0")
    long cancel_wait_ms() default 1000;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the timers cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_TIMERS;
}
