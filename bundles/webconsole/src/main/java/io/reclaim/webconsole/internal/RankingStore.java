package io.reclaim.webconsole.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.reclaim.api.HandlerInfo;

/**
 * Saves a handler's ranking where the platform reads it: in Configuration Admin, under the pid of
 * the DS component that registered the handler ({@code component.name}), property
 * {@code service.ranking}; the os-process handler, which the process manager registers, under
 * {@code io.reclaim.process}, property {@code os.process.ranking}. The orchestrator re-ranks in
 * place when DS updates the service, and the configuration survives a restart.
 */
final class RankingStore {

    static final String OS_PROCESS = "os-process";
    static final String PROCESS_PID = "io.reclaim.process";
    static final String OS_PROCESS_RANKING = "os.process.ranking";
    static final String SERVICE_RANKING = "service.ranking";

    /** A configuration pid and the property in it that holds the ranking. */
    record Target(String pid, String property) {
        @Override
        public String toString() {
            return pid + " " + property;
        }
    }

    private final BundleContext context;
    private final ConfigurationAdmin configurations;

    RankingStore(BundleContext context, ConfigurationAdmin configurations) {
        this.context = context;
        this.configurations = configurations;
    }

    Optional<Target> target(HandlerInfo handler) {
        if (OS_PROCESS.equals(handler.resourceType())) {
            return Optional.of(new Target(PROCESS_PID, OS_PROCESS_RANKING));
        }
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, "(service.id=" + handler.serviceId() + ")");
            if (references == null || references.length == 0) {
                return Optional.empty();
            }
            Object component = references[0].getProperty("component.name");
            return component instanceof String name ? Optional.of(new Target(name, SERVICE_RANKING)) : Optional.empty();
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores {@code ranking} for the handler, keeping every other property of its configuration.
     *
     * @throws IllegalArgumentException if the handler has no configuration to hold a ranking
     *     (registered without DS, e.g. through {@code ResourceOrchestrator.register})
     */
    Target save(HandlerInfo handler, int ranking) throws IOException {
        Target target = target(handler).orElseThrow(() -> new IllegalArgumentException(
                "the " + handler.resourceType() + " handler has no configuration: its ranking is set in code"));
        // null location: the configuration stays bound to the bundle of the component that uses it
        Configuration configuration = configurations.getConfiguration(target.pid(), null);
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties == null) {
            properties = new Hashtable<>();
        }
        properties.put(target.property(), ranking);
        configuration.update(properties);
        return target;
    }
}
