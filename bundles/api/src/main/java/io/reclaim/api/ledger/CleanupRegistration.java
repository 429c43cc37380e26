package io.reclaim.api.ledger;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.reclaim.api.ResourceCleanup;

/**
 * The {@link ResourceCleanup} service of a resource component, registered apart from the
 * component's own service, so that the service owners use grants no cleanup of anyone's pid.
 *
 * <p>The handler's service properties are the component's public properties, as SCR would give
 * its service: {@code reclaim.resource.type}, a {@code service.ranking} exactly as configured (the
 * orchestrator reads text and numbers alike), and the rest of the configuration, so a caller can
 * wait for a configuration to be applied by filtering on it. Register it last in activate, update
 * it in {@code @Modified} (a new ranking takes effect with the next cleanup) and unregister it
 * first in deactivate, before the manager releases what it still holds.
 */
public final class CleanupRegistration {

    /** Set by the framework on every registration; never copied from a component's properties. */
    private static final Set<String> FRAMEWORK_PROPERTIES = Set.of(Constants.OBJECTCLASS, Constants.SERVICE_ID,
            Constants.SERVICE_BUNDLEID, Constants.SERVICE_SCOPE, Constants.SERVICE_PID);

    private static final Logger LOG = LoggerFactory.getLogger(CleanupRegistration.class);

    /** Null for a manager built outside a framework: in plain Java, or a component by its unit test. */
    private final ServiceRegistration<ResourceCleanup> registration;
    /** The handler whose ledger takes the settings every type has; null for {@link #none()}. */
    private final ResourceCleanup handler;

    private CleanupRegistration(ServiceRegistration<ResourceCleanup> registration, ResourceCleanup handler) {
        this.registration = registration;
        this.handler = handler;
    }

    /**
     * A registration of nothing, whose {@link #update} and {@link #unregister} do nothing: what a
     * manager built in plain Java holds, so that its component methods need no null checks.
     */
    public static CleanupRegistration none() {
        return new CleanupRegistration(null, null);
    }

    /**
     * Registers {@code handler} as a {@link ResourceCleanup} service of {@code context}'s bundle.
     *
     * @param context the component's bundle context; null outside a framework (a unit test of the
     *     component), where nothing is registered and {@link #update} and {@link #unregister} do nothing
     * @param componentProperties the component's properties as DS hands them to activate; the
     *     settings every type has (tracking, held too long, limits, inheritance: see
     *     {@link ResourceManagerSupport#configureLedger}) are applied to the handler's ledger first
     */
    public static CleanupRegistration register(BundleContext context, ResourceCleanup handler,
            Map<String, ?> componentProperties) {
        Objects.requireNonNull(handler, "handler");
        configure(handler, componentProperties);
        if (context == null) {
            return new CleanupRegistration(null, handler);
        }
        return new CleanupRegistration(context.registerService(ResourceCleanup.class, handler,
                serviceProperties(componentProperties)), handler);
    }

    /**
     * A bad value of the common settings is refused with one line naming the key and the value,
     * and every setting stays as it was: failing the component would take the type out of every
     * cleanup and release what its processes hold.
     */
    private static void configure(ResourceCleanup handler, Map<String, ?> componentProperties) {
        try {
            LedgerSettings.apply(handler, componentProperties);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: configuration refused, the settings stay as they were: {}", handler.resourceType(),
                    e.getMessage());
        }
    }

    /** Publishes the component's new properties, a new ranking among them, and applies its settings. */
    public void update(Map<String, ?> componentProperties) {
        if (handler != null) {
            configure(handler, componentProperties);
        }
        if (registration == null) {
            return;
        }
        try {
            registration.setProperties(serviceProperties(componentProperties));
        } catch (IllegalStateException unregistered) {
            // the bundle is stopping: the handler is already gone from the orchestrator
        }
    }

    /** Takes the handler out of every later cleanup. Calling it again does nothing. */
    public void unregister() {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // unregistered before, or by the framework with the bundle
        }
    }

    private static Dictionary<String, Object> serviceProperties(Map<String, ?> properties) {
        Dictionary<String, Object> published = new Hashtable<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(".") && !FRAMEWORK_PROPERTIES.contains(key) && value != null) {
                published.put(key, value);
            }
        });
        return published;
    }
}
