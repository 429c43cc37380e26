package io.reclaim.files.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;

@ObjectClassDefinition(name = "Reclaim files",
        description = "File descriptors owned by managed processes, closed when the process ends")
public @interface FilesConfiguration {

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the files cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_FILES;
}
