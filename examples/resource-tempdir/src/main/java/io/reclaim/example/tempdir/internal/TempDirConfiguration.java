package io.reclaim.example.tempdir.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.example.tempdir.TempDirManager;

@ObjectClassDefinition(name = "Reclaim temporary directories",
        description = "Temporary directories owned by managed processes, deleted when the process ends")
public @interface TempDirConfiguration {

    /** Stands for the JVM's {@code java.io.tmpdir} in {@link #root_directory()}. */
    String TMPDIR = "${java.io.tmpdir}";

    @AttributeDefinition(name = "Root directory",
            description = "Where the directories are created, in one subdirectory per JVM run. "
                    + TMPDIR + " stands for the JVM's temporary directory. Read when the component starts.")
    String root_directory() default TMPDIR + "/reclaim-tempdir";

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the tempdir cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default TempDirManager.RANKING;
}
