package io.reclaim.management.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.reclaim.api.HandlerInfo;
import io.reclaim.api.ResourceOrchestrator;

/**
 * {@code reclaim-handlers}: CRITICAL while an expected resource type has no cleanup handler, e.g.
 * because its bundle failed to start: its resources would then outlive their processes.
 */
@Component(service = HealthCheck.class, configurationPid = HandlerCheck.PID,
        property = { HealthCheck.NAME + "=reclaim-handlers", HealthCheck.TAGS + "=reclaim" })
@Designate(ocd = HandlerCheck.Config.class)
public final class HandlerCheck implements HealthCheck {

    static final String PID = "io.reclaim.health.handlers";

    @ObjectClassDefinition(name = "Reclaim handler health check",
            description = "CRITICAL while one of the expected resource types has no cleanup handler.")
    @interface Config {
        // iouring is left out: without JNA, or off Linux, it rightly registers no handler
        @AttributeDefinition(name = "Expected types",
                description = "The resource types whose cleanup handlers must be present.")
        String[] expected_types() default { "os-process", "scheduler", "timers", "tasks", "signals", "ipc",
                "sockets", "zerocopy", "files", "mmap", "memory" };
    }

    @Reference
    private ResourceOrchestrator orchestrator;
    private volatile List<String> expected = List.of();

    @Activate
    @Modified // the next execution checks the new list
    void configure(Config config) {
        List<String> types = new ArrayList<>();
        for (String entry : config.expected_types()) {
            // a .cfg file (Karaf's <config>, FileInstall) gives one comma-separated string
            for (String type : entry == null ? new String[0] : entry.split(",")) {
                if (!type.isBlank()) {
                    types.add(type.trim());
                }
            }
        }
        expected = List.copyOf(types);
    }

    @Override
    public Result execute() {
        Set<String> present = orchestrator.handlers().stream().map(HandlerInfo::resourceType).collect(Collectors.toSet());
        List<String> missing = expected.stream().filter(type -> !present.contains(type)).toList();
        if (missing.isEmpty()) {
            return new Result(Result.Status.OK, "all " + expected.size() + " expected resource types have a handler");
        }
        return new Result(Result.Status.CRITICAL, "no cleanup handler for " + String.join(", ", missing)
                + "; their resources would outlive their processes");
    }
}
