package io.reclaim.orchestrator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = OrchestratorComponent.PID, name = "Reclaim orchestrator",
        description = "Runs every resource cleanup handler of an ending process, in descending service.ranking, "
                + "each under a timeout.")
@interface OrchestratorConfig {

    @AttributeDefinition(name = "Handler timeout (ms)", min = "1",
            description = "How long one cleanup handler may run for one process. A handler still running then is "
                    + "abandoned (its thread interrupted), recorded as timed out, and the next handler runs.")
    long handler_timeout_ms() default 5000;
}
