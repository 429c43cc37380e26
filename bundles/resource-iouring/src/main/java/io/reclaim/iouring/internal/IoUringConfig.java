package io.reclaim.iouring.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim io_uring rings",
        description = "Limits of the io_uring rings that managed processes create")
public @interface IoUringConfig {

    @AttributeDefinition(name = "Largest ring", min = "1", max = "32768",
            description = "The most submission entries one ring may have")
    int max_entries() default 4096;

    @AttributeDefinition(name = "Drain timeout (ms)", min = "0",
            description = "How long releasing a ring waits for operations the kernel is still working on")
    long drain_timeout_ms() default 1000;
}
