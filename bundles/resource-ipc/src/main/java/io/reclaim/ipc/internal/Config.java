package io.reclaim.ipc.internal;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.ipc.IpcSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim IPC",
        description = "Per-process bounded mailboxes; undelivered messages are dead-lettered when a mailbox goes away")
@interface Config {

    @AttributeDefinition(name = "Default capacity",
            description = "Messages a mailbox holds when it is opened without a capacity (or by a first receive)")
    int default_capacity() default IpcSettings.DEFAULT_CAPACITY;

    @AttributeDefinition(name = "Dead letters kept",
            description = "Dead letters readable through the API; beyond it the oldest are evicted, counted and logged")
    int dead_letter_capacity() default IpcSettings.DEFAULT_DEAD_LETTER_CAPACITY;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place in the cleanup order: higher runs earlier. Read by the orchestrator; changing it re-ranks without a restart")
    int service_ranking() default ResourceCleanup.RANKING_IPC;
}
