package io.reclaim.signals.internal;

import io.reclaim.api.ResourceCleanup;
import io.reclaim.signals.SignalSettings;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Reclaim signals",
        description = "Per-process signal handlers and pending signals, TERM on graceful stop, JVM signal forwarding")
@interface Config {

    @AttributeDefinition(name = "Forwarded JVM signals",
            description = "Real JVM signals (e.g. HUP, USR2) forwarded to every process with a handler for them; "
                    + "the previous JVM handlers are restored when the component stops")
    String[] forward_jvm_signals() default {};

    @AttributeDefinition(name = "Handler threads", description = "Threads that run signal handlers, shared by every process")
    int handler_threads() default SignalSettings.DEFAULT_HANDLER_THREADS;

    @AttributeDefinition(name = "Maximum pending signals",
            description = "Signals that may wait per process without a handler, and per handler not yet run")
    int max_pending() default SignalSettings.DEFAULT_MAX_PENDING;

    @AttributeDefinition(name = "Drain timeout (ms)",
            description = "How long a cleanup lets signals already handed to the process's handlers (TERM above all) "
                    + "finish before it removes the handlers; 0 removes them at once")
    long drain_timeout_millis() default SignalSettings.DEFAULT_DRAIN_MILLIS;

    @AttributeDefinition(name = "Cleanup ranking",
            description = "Place in the cleanup order: higher runs earlier. Read by the orchestrator; changing it re-ranks without a restart")
    int service_ranking() default ResourceCleanup.RANKING_SIGNALS;
}
