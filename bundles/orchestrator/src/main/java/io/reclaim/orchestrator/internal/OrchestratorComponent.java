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
import io.reclaim.api.HeldResource;
import io.reclaim.api.OrchestratorStatistics;
import io.reclaim.api.Pid;
import io.reclaim.api.PlannedCleanup;
import io.reclaim.api.ResourceCleanup;
import io.reclaim.api.ResourceLimit;
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
 * anything. A ranking may be an Integer, a Long in int range or numeric text (what Karaf's
 * {@code config:property-set} stores); anything else is refused with one ERROR line and the handler
 * keeps its previous rank, or runs at its type's default rank: it never leaves the cleanup. A bind
 * method never throws.
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
        HandlerProperties properties = read(reference);
        if (properties != null) {
            add(handler, properties);
        }
    }

    /**
     * A ranking changed through Configuration Admin. One that is not an integer is refused with
     * one line naming the component, the property and the value; the handler keeps its rank.
     */
    void updatedHandler(ResourceCleanup handler, ServiceReference<ResourceCleanup> reference) {
        HandlerProperties properties = read(reference);
        if (properties == null) {
            return;
        }
        if (properties.ranking().isEmpty()) {
            Integer kept = orchestrator.order().rankOf(properties.serviceId());
            if (kept == null) {
                add(handler, properties); // not known yet: it joins at its default rank
            } else {
                refused(properties, "keeps its rank " + kept);
            }
            return;
        }
        int ranking = properties.ranking().getAsInt();
        if (orchestrator.order().rerank(properties.serviceId(), ranking)) {
            LOG.debug("Cleanup handler service {} now ranks {}", properties.serviceId(), ranking);
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
        int ranking;
        if (properties.ranking().isPresent()) {
            ranking = properties.ranking().getAsInt();
        } else {
            // never left out: a handler missing from the cleanup leaves its resources behind
            ranking = DefaultRankings.of(added.type());
            refused(properties, "runs at the default rank " + ranking + " of " + added.type());
        }
        orchestrator.order().put(added, ranking);
        LOG.debug("Cleanup handler {} ranks {}", added, ranking);
    }

    private static void refused(HandlerProperties properties, String consequence) {
        LOG.error("{}: {} = {} is not an integer; refused, the cleanup handler (service.id {}, bundle {}) {}",
                properties.component(), Constants.SERVICE_RANKING, properties.describeRanking(),
                properties.serviceId(), properties.bundle(), consequence);
    }

    private static HandlerProperties read(ServiceReference<ResourceCleanup> reference) {
        try {
            return HandlerProperties.of(reference);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cleanup handler service {} has bad properties, left out: {}",
                    reference.getProperty(Constants.SERVICE_ID), e.getMessage());
            return null;
        }
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid) {
        return orchestrator.cleanupProcess(pid);
    }

    @Override
    public CleanupResult cleanupProcess(Pid pid, Pid heir) {
        return orchestrator.cleanupProcess(pid, heir);
    }

    @Override
    public long transfer(Pid from, String type, Pid to) {
        return orchestrator.transfer(from, type, to);
    }

    @Override
    public Map<String, ResourceLimit> limits(Pid pid) {
        return orchestrator.limits(pid);
    }

    @Override
    public Map<String, List<HeldResource>> heldTooLong() {
        return orchestrator.heldTooLong();
    }

    @Override
    public Map<String, List<HeldResource>> resources(Pid pid) {
        return orchestrator.resources(pid);
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
