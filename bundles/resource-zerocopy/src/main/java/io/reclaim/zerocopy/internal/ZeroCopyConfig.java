package io.reclaim.zerocopy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim zero-copy rings",
        description = "Where the shared-memory ring files of managed processes live")
public @interface ZeroCopyConfig {

    @AttributeDefinition(name = "Ring directory",
            description = "Directory of the ring files; empty for /dev/shm where it exists, else java.io.tmpdir")
    String directory() default "";

    @AttributeDefinition(name = "Pin wait (ms)", min = "0",
            description = "How long a release waits for code that still pins a claim; a ring mapping still "
                    + "pinned then is quarantined and unmapped when its last pin closes. Keep it below the "
                    + "orchestrator's handler timeout.")
    long pin_wait_ms() default 2000;
}
