package io.reclaim.orchestrator.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import io.reclaim.api.ResourceCleanup;

/**
 * The service properties the orchestrator needs from a {@link ResourceCleanup} service.
 *
 * @param serviceId its {@code service.id}
 * @param ranking its {@code service.ranking}, 0 if it has none
 * @param bundle symbolic name of the bundle that registered it
 * @param declaredType its {@value ResourceCleanup#RESOURCE_TYPE} property, or {@code null}
 */
record HandlerProperties(long serviceId, int ranking, String bundle, Object declaredType) {

    /**
     * @throws IllegalArgumentException naming the bad property if {@code service.id} is not a
     *     Long or {@code service.ranking} is set to something other than an Integer
     */
    static HandlerProperties of(ServiceReference<?> reference) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (!(id instanceof Long)) {
            throw new IllegalArgumentException(Constants.SERVICE_ID + " is not a Long: " + describe(id));
        }
        Object ranking = reference.getProperty(Constants.SERVICE_RANKING);
        if (ranking != null && !(ranking instanceof Integer)) {
            // The framework would quietly read it as 0 and run the handler out of its intended order.
            throw new IllegalArgumentException(Constants.SERVICE_RANKING + " is not an Integer: " + describe(ranking));
        }
        Bundle bundle = reference.getBundle();
        return new HandlerProperties((Long) id, ranking == null ? 0 : (Integer) ranking,
                bundle == null ? "?" : bundle.getSymbolicName(), reference.getProperty(ResourceCleanup.RESOURCE_TYPE));
    }

    private static String describe(Object value) {
        return value == null ? "missing" : value.getClass().getSimpleName() + " '" + value + "'";
    }
}
