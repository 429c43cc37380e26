package io.reclaim.zerocopy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim zero-copy rings",
        description = "Where the shared-memory ring files of managed processes live")
public @interface ZeroCopyConfig {

    @AttributeDefinition(name = "Ring directory",
            description = "Directory of the ring files; empty for /dev/shm where it exists, else java.io.tmpdir")
    String directory() default "";
}
