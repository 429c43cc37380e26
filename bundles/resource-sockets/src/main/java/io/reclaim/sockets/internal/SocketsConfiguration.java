package io.reclaim.sockets.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.ResourceCleanup;

@ObjectClassDefinition(name = "Reclaim sockets",
        description = "TCP listeners, TCP connections and UDP sockets owned by managed processes, closed when the process ends")
public @interface SocketsConfiguration {

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place of the sockets cleanup when a process ends: higher runs earlier (service.ranking)")
    int service_ranking() default ResourceCleanup.RANKING_SOCKETS;

    @AttributeDefinition(name = "Connect timeout (ms)",
            description = "How long a connect waits for the remote side; 0 waits as long as the operating system does",
            min = "0")
    int connect_timeout_ms() default SocketManagerImpl.DEFAULT_CONNECT_TIMEOUT_MS;
}
