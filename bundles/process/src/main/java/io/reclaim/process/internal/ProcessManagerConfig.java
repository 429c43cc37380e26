package io.reclaim.process.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.reclaim.api.ResourceCleanup;

/** Configuration of the process manager, under the pid {@code io.reclaim.process}. */
@ObjectClassDefinition(name = "Reclaim process manager",
        description = "Spawns and terminates managed processes, kills their whole OS tree and runs every cleanup handler")
public @interface ProcessManagerConfig {

    @AttributeDefinition(name = "History size", min = "1",
            description = "How many terminated processes are kept with their cleanup result, exit code and ending")
    int history_size() default 256;

    @AttributeDefinition(name = "os-process ranking",
            description = "service.ranking of the os-process cleanup handler; higher runs earlier")
    int os_process_ranking() default ResourceCleanup.RANKING_OS_PROCESS;

    @AttributeDefinition(name = "Kill timeout (ms)", min = "1",
            description = "How long the os-process handler waits for a killed OS tree to be gone")
    long kill_timeout_ms() default 5000;

    @AttributeDefinition(name = "Own session per OS child",
            description = "Start OS children through setsid, when installed, so that descendants that outlive "
                    + "their parent are still found by process group")
    boolean use_setsid() default true;

    @AttributeDefinition(name = "Containment of OS children",
            options = {
                @Option(value = "auto", label = "auto: cgroup v2 where writable, else subreaper, else none"),
                @Option(value = "cgroup", label = "cgroup: one cgroup v2 per OS child"),
                @Option(value = "subreaper", label = "subreaper: the JVM adopts orphans (needs JNA)"),
                @Option(value = "none", label = "none: descendants and process group only")},
            description = "How OS children and everything they start are kept together; read when the manager starts")
    String containment() default "auto";

    @AttributeDefinition(name = "cgroup parent", required = false,
            description = "The cgroup v2 under which Reclaim creates its own cgroup reclaim-<jvm pid> (a path inside "
                    + "the cgroup2 mount, or a cgroup path such as /system.slice/app.service); empty for the "
                    + "JVM's own cgroup")
    String cgroup_parent() default "";

    @AttributeDefinition(name = "Journal directory",
            description = "Where the journal of OS children and other resources that outlive the JVM is kept; "
                    + "empty: journal/ of the Reclaim home (framework property reclaim.home), else the bundle's data area. "
                    + "Read when the manager starts")
    String journal_directory() default "";

    @AttributeDefinition(name = "Shutdown grace (ms)", min = "0",
            description = "When the framework or the JVM stops: how long the processes still running get after "
                    + "SIGTERM, all together, before their ranked cleanup kills what is left")
    long shutdown_grace_ms() default 2000;

    @AttributeDefinition(name = "Orphan grace (ms)", min = "0",
            description = "How long the OS processes a crashed earlier run left get after SIGTERM before SIGKILL")
    long orphan_grace_ms() default 2000;
}
