package io.reclaim.orchestrator.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.CleanupResult;
import io.reclaim.api.HandlerInfo;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceOrchestrator;
import io.reclaim.api.ResourceTotals;
import io.reclaim.api.ResourceUsage;
import io.reclaim.orchestrator.ResourceOrchestrators;

/**
 * The orchestrator as an OSGi service: finds every {@link ResourceCleanup} service (whiteboard)
 * and keeps them in cleanup order as they come, go and are re-ranked.
 *
 * <p>A {@code service.ranking} set through Configuration Admin on a handler's component arrives
 * here through {@link #updatedHandler} and takes effect for the next cleanup, without restarting
 * anything. A handler with bad properties is logged and left out (or, on an update, left at its
 * previous rank); a bind method never throws.
 */
@Component(name = OrchestratorComponent.PID, service = ResourceOrchestrator.class, immediate = true)
@Designate(ocd = OrchestratorConfig.class)
public final class OrchestratorComponent implements ResourceOrchestrator {

    /** The component name, which is also its Configuration Admin pid. */
    public static final String PID = "io.reclaim.orchestrator";

    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorComponent.class);

    // DS binds the handlers before activate, so the orchestrator exists from construction on
    private final Orchestrator orchestrator = new Orchestrator(ResourceOrchestrators.DEFAULT_HANDLER_TIMEOUT);

    @Activate
    void activate(OrchestratorConfig config) {
        configure(config);
    }

    @Modified
    void modified(OrchestratorConfig config) {
        configure(config);
    }

    private void configure(OrchestratorConfig config) {
        long timeout = config.handler_timeout_ms();
        if (timeout <= 0) {
            LOG.warn("handler.timeout.ms must be positive, got {}; keeping {} ms", timeout,
                    orchestrator.handlerTimeout().toMillis());
            return;
        }
        orchestrator.handlerTimeout(Duration.ofMillis(timeout));
        LOG.debug("Cleanup handler timeout is {} ms", timeout);
    }

    @Deactivate
    void deactivate() {
        orchestrator.close();
    }

    @Reference(name = "handler", service = ResourceCleanup.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedHandler", unbind = "unbindHandler")
    void bindHandler(ResourceCleanup handler, ServiceReference<ResourceCleanup> reference) {
        HandlerProperties properties = read(reference, "left out");
        if (properties == null) {
            return;
        }
        add(handler, properties);
    }

    void updatedHandler(ResourceCleanup handler, ServiceReference<ResourceCleanup> reference) {
        HandlerProperties properties = read(reference, "kept at its previous rank");
        if (properties == null) {
            return;
        }
        if (orchestrator.order().rerank(properties.serviceId(), properties.ranking())) {
            LOG.debug("Cleanup handler service {} now ranks {}", properties.serviceId(), properties.ranking());
        } else {
            add(handler, properties); // it was left out before, its properties are fine now
        }
    }

    void unbindHandler(ResourceCleanup handler, ServiceReference<ResourceCleanup> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (id instanceof Long serviceId && orchestrator.order().remove(serviceId) != null) {
            LOG.debug("Cleanup handler service {} is gone", serviceId);
        }
    }

    private void add(ResourceCleanup handler, HandlerProperties properties) {
        Handler added;
        try {
            added = Handler.of(properties.serviceId(), handler, properties.bundle());
        } catch (IllegalArgumentException e) {
            LOG.warn("Left out cleanup handler service {} of bundle {}: {}", properties.serviceId(),
                    properties.bundle(), e.getMessage());
            return;
        }
        if (properties.declaredType() != null && !added.type().equals(properties.declaredType())) {
            LOG.warn("Cleanup handler {} declares {}={} but its resourceType() is {}; using {}", added,
                    ResourceCleanup.RESOURCE_TYPE, properties.declaredType(), added.type(), added.type());
        }
        orchestrator.order().put(added, properties.ranking());
        LOG.debug("Cleanup handler {} ranks {}", added, properties.ranking());
    }

    private static HandlerProperties read(ServiceReference<ResourceCleanup> reference, String consequence) {
        try {
            return HandlerProperties.of(reference);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cleanup handler service {} has bad properties, {}: {}",
                    reference.getProperty(Constants.SERVICE_ID), consequence, e.getMessage());
            return null;
        }
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        return orchestrator.cleanupProcess(pid);
    }

    @Override
    public List<HandlerInfo> handlers() {
        return orchestrator.handlers();
    }

    @Override
    public Map<String, ResourceUsage> usage(Pid pid) {
        return orchestrator.usage(pid);
    }

    @Override
    public List<PlannedCleanup> plan(Pid pid) {
        return orchestrator.plan(pid);
    }

    @Override
    public Map<Pid, Map<String, ResourceUsage>> holdings() {
        return orchestrator.holdings();
    }

    @Override
    public Map<String, ResourceTotals> totals() {
        return orchestrator.totals();
    }

    @Override
    public OrchestratorStatistics statistics() {
        return orchestrator.statistics();
    }

    @Override
    public Registration register(ResourceCleanup handler, int ranking) {
        return orchestrator.register(handler, ranking);
    }
}
